#!/usr/bin/env python3
"""moto side of check.js (not meant to be called by hand).

    python moto_helper.py REQUEST.json RESULT.json

REQUEST: {"timeout": seconds per execution, "parallel": max executions in flight,
          "items": [{"id", "definition",
                     "cases": null | [{"name", "input": "<json text>", "lambdas": null | {name: result}}]}]}
RESULT:  {"parse_seconds", "run_seconds", "items": [{"id", "parse": {"ok", "messages"},
           "cases": null | [{"name", "status", "output", "error", "cause", "seconds", "notes"}]}]}

parse = CreateStateMachine under mock_aws with stepfunctions.execute_state_machine=True,
        which runs moto's ASL parser (ported from LocalStack).  One process for all
        definitions: the first parse loads the grammar (about 1 s), later ones take
        30-50 ms each (ANTLR's pure-python runtime).
cases = StartExecution per case (only when "cases" is not null) and DescribeExecution
        polling.  Lambda is moto's docker-free backend: a Lambda returns its own input
        unless the case maps the function name to a result in "lambdas".  Lambda functions,
        SQS queues (QueueUrl) and SNS topics (TopicArn) named in the definition are created
        first.  Executions run concurrently (one at a time per definition), except cases
        with "lambdas", which run alone.  Wait states and Retry intervals take no time.
"""
import io
import json
import logging
import os
import re
import sys
import time
import zipfile

os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
for k in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
    os.environ.pop(k, None)
logging.disable(logging.CRITICAL)  # moto's interpreter logs every exception it handles

import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402
from moto.awslambda_simple.models import LambdaSimpleBackend  # noqa: E402
from moto.stepfunctions.parser.asl.component.common.retry import retrier_decl  # noqa: E402
from moto.stepfunctions.parser.asl.component.state.wait.wait_function.wait_function import WaitFunction  # noqa: E402
from moto.stepfunctions.parser.asl.parse import asl_parser  # noqa: E402
from moto.stepfunctions.parser.models import stepfunctions_parser_backends  # noqa: E402

ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/conformance-sfn"
LAMBDA_ARN = re.compile(r"^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)")

# ---- per-case Lambda results: moto's simple backend echoes the payload; a case may
# map function names to fixed results.  Such cases run alone, so a global is enough.
MOCKS = {}
_orig_invoke = LambdaSimpleBackend.invoke


def _invoke(self, function_name, qualifier, body, headers, response_headers):
    name = str(function_name).split(":function:")[-1].split(":")[0]
    if name in MOCKS:
        return json.dumps(MOCKS[name]).encode()
    return _orig_invoke(self, function_name, qualifier, body, headers, response_headers)


LambdaSimpleBackend.invoke = _invoke

# ---- moto parses a definition again for every execution (ANTLR in pure python, 30-100 ms).
# The program built by CreateStateMachine is kept and reused by its executions; the
# components are not changed by an evaluation (its state lives in the Environment), and
# executions of one definition are not run at the same time anyway.
_PROGRAMS = {}
_orig_parse = asl_parser.AmazonStateLanguageParser.parse


def _parse(definition):
    parsed = _PROGRAMS.get(definition)
    if parsed is None:
        parsed = _PROGRAMS[definition] = _orig_parse(definition)
    return parsed


asl_parser.AmazonStateLanguageParser.parse = staticmethod(_parse)


# ---- Wait states and Retry intervals take no time: a weekly job must not wait a week.
class _NoSleep:
    def __getattr__(self, name):
        return getattr(time, name)

    @staticmethod
    def sleep(_seconds):
        return None


WaitFunction._wait_interval = lambda self, env, wait_seconds: None
retrier_decl.time = _NoSleep()


def walk(node):
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v)


def lambda_targets(defn):
    for n in walk(defn):
        for key in ("Resource", "FunctionName"):
            v = n.get(key)
            if isinstance(v, str):
                m = LAMBDA_ARN.match(v)
                if m:
                    yield m.group(1), m.group(2), m.group(3)


SQS_URL = re.compile(r"^https://sqs\.([a-z0-9-]+)\.amazonaws\.com/(\d{12})/([A-Za-z0-9_.-]+)$")
SNS_ARN = re.compile(r"^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_.-]+)$")


def queues_and_topics(defn):
    """SQS queue URLs and SNS topic ARNs named in Parameters (created empty before a run)."""
    for n in walk(defn):
        for key, rx, kind in (("QueueUrl", SQS_URL, "sqs"), ("TopicArn", SNS_ARN, "sns")):
            v = n.get(key)
            if isinstance(v, str):
                m = rx.match(v)
                if m and m.group(2) == ACCOUNT:
                    yield kind, m.group(1), m.group(3)


def code_zip():
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        z.writestr("handler.py", "def handler(event, context):\n    return event\n")
    return b.getvalue()


def clean(msg):
    msg = str(msg)
    cut = msg.find(" in definition '")  # moto appends the whole definition
    if cut > 0:
        msg = msg[:cut]
    msg = re.sub(r"^An error occurred \(\w*\) when calling the \w+ operation: ", "", msg)
    return msg[:800]


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        req = json.load(f)
    timeout = float(req.get("timeout") or 10)
    parallel = max(1, int(req.get("parallel") or 16))
    out = []
    cfg = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}
    with mock_aws(config=cfg):
        sfn = boto3.client("stepfunctions", region_name="us-east-1")
        # The backends the executions' service calls reach, made before the
        # executions run in their threads rather than lazily inside them.
        for service in ("dynamodb", "sns", "sqs", "events", "lambda", "s3"):
            try:
                client = boto3.client(service, region_name="us-east-1")
                {"dynamodb": client.list_tables if service == "dynamodb" else None,
                 "sns": getattr(client, "list_topics", None), "sqs": getattr(client, "list_queues", None),
                 "events": getattr(client, "list_event_buses", None), "lambda": getattr(client, "list_functions", None),
                 "s3": getattr(client, "list_buckets", None)}[service]()
            except Exception:  # noqa: BLE001
                pass
        iam = boto3.client("iam", region_name="us-east-1")
        lrole = iam.create_role(RoleName="conformance-lambda", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
        lambdas = {}
        created = set()
        jobs = []  # (result entry, case, state machine arn, execution name, definition key)
        t_parse = time.time()
        for i, it in enumerate(req["items"]):
            res = {"id": it["id"], "parse": None, "cases": None}
            out.append(res)
            try:
                arn = sfn.create_state_machine(name=f"d{i}", definition=json.dumps(it["definition"]),
                                               roleArn=ROLE)["stateMachineArn"]
                res["parse"] = {"ok": True, "messages": []}
            except Exception as e:  # noqa: BLE001
                res["parse"] = {"ok": False, "messages": [clean(e)]}
                continue
            if it.get("cases") is None:
                continue
            res["cases"] = []
            notes = []
            key = json.dumps(it["definition"])
            for region, account, name in sorted(set(lambda_targets(it["definition"]))):
                if (region, name) in created:
                    continue
                if account != ACCOUNT:
                    notes.append(f"lambda {name}: account {account} is not moto's {ACCOUNT}, not mocked")
                    continue
                if region not in lambdas:
                    lambdas[region] = boto3.client("lambda", region_name=region)
                try:
                    lambdas[region].create_function(FunctionName=name, Runtime="python3.12", Role=lrole,
                                                    Handler="handler.handler", Code={"ZipFile": code_zip()})
                    created.add((region, name))
                except Exception as e:  # noqa: BLE001
                    notes.append(f"lambda {name}: {clean(e)}")
            for kind, region, name in sorted(set(queues_and_topics(it["definition"]))):
                # the execution's SDK calls go to the state machine's region, us-east-1
                for reg in sorted({region, "us-east-1"}):
                    if (kind, reg, name) in created:
                        continue
                    try:
                        if kind == "sqs":
                            boto3.client("sqs", region_name=reg).create_queue(QueueName=name)
                        else:
                            boto3.client("sns", region_name=reg).create_topic(Name=name)
                        created.add((kind, reg, name))
                    except Exception as e:  # noqa: BLE001
                        notes.append(f"{kind} {name}: {clean(e)}")
            for case in it["cases"]:
                entry = {"name": case.get("name"), "status": None, "output": None, "error": None,
                         "cause": None, "seconds": None, "notes": list(notes)}
                res["cases"].append(entry)
                jobs.append((entry, case, arn, f"case{len(res['cases'])}", key))

        t_run = time.time()
        # ---- executions: up to `parallel` in flight, one at a time per definition (they
        # share the parsed program); cases with lambda mocks run alone.  Polling goes to
        # the backend directly: a DescribeExecution through botocore costs CPU that the
        # executions, all in this process, need.
        backend = stepfunctions_parser_backends[ACCOUNT]["us-east-1"]
        pending = list(jobs)
        running = []  # (entry, execution arn, started, exclusive, definition key)

        def start(entry, case, arn, name, key):
            MOCKS.clear()
            MOCKS.update(case.get("lambdas") or {})
            try:
                ex = sfn.start_execution(stateMachineArn=arn, name=name, input=case.get("input") or "{}")
                running.append((entry, ex["executionArn"], time.time(), bool(case.get("lambdas")), key))
            except Exception as e:  # noqa: BLE001
                entry.update(status="ERROR", cause="start_execution: " + clean(e))

        while pending or running:
            busy = {r[4] for r in running}
            exclusive = any(r[3] for r in running)
            i = 0
            while i < len(pending) and not exclusive and len(running) < parallel:
                entry, case, arn, name, key = pending[i]
                mocked = bool(case.get("lambdas"))
                if key in busy or (mocked and running):
                    i += 1
                    continue
                pending.pop(i)
                start(entry, case, arn, name, key)
                busy.add(key)
                exclusive = mocked
            time.sleep(0.005)
            still = []
            for r in running:
                entry, exarn, t0, _, _ = r
                d = backend.describe_execution(exarn).to_describe_output()
                st = d["status"]
                if st == "RUNNING" and time.time() - t0 < timeout:
                    still.append(r)
                    continue
                entry.update(status=st, output=d.get("output"), error=d.get("error"),
                             cause=(d.get("cause") or "")[:800] or None, seconds=round(time.time() - t0, 3))
                if st == "RUNNING":
                    entry["cause"] = (f"still RUNNING after {timeout:g}s (a loop without end, "
                                      "a .waitForTaskToken task or an activity?)")
                    try:  # or it keeps a thread busy for the rest of this process
                        sfn.stop_execution(executionArn=exarn, error="Conformance.Timeout")
                    except Exception:  # noqa: BLE001
                        pass
            running = still
        t_end = time.time()

    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump({"parse_seconds": round(t_run - t_parse, 2), "run_seconds": round(t_end - t_run, 2), "items": out}, f)
    sys.stdout.flush()
    # executions that never finish keep worker threads alive: do not wait for them
    os._exit(0)


if __name__ == "__main__":
    main()
