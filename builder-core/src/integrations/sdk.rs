//! AWS SDK integrations (`arn:aws:states:::aws-sdk:<service>:<action>`):
//! over two hundred services, so no catalogue of actions — the syntax is
//! checked (a lower-case service name, a lowerCamelCase action) and the IAM
//! action derived: `<prefix>:<Action>`, where the prefix is the service name
//! unless IAM names the service otherwise (developer guide, "Integrating
//! other services"; the prefixes below are IAM's service prefixes), and
//! the few calls IAM authorizes under another action name
//! (`s3:listObjectsV2` → `s3:ListBucket`).

/// SDK service names whose IAM prefix differs, sorted by SDK name. The
/// union of AWS CDK's two tables: the six of `CallAwsService` as released
/// (`cloudwatchlogs`, `efs`, `elasticloadbalancingv2`, `mediapackagevod`,
/// `mwaa`, `sfn`) and the 165 of its newer `aws-sdk-iam-service-map.ts`
/// ("Only services whose API operations are authorized as
/// `<prefix>:<OperationName>` are listed"), which contains the six.
pub static PREFIXES: &[(&str, &str)] = &[
    ("accessanalyzer", "access-analyzer"),
    ("acmpca", "acm-pca"),
    ("amp", "aps"),
    ("appconfigdata", "appconfig"),
    ("appintegrations", "app-integrations"),
    ("applicationautoscaling", "application-autoscaling"),
    ("applicationdiscovery", "discovery"),
    ("applicationsignals", "application-signals"),
    ("arcregionswitch", "arc-region-switch"),
    ("arczonalshift", "arc-zonal-shift"),
    ("autoscalingplans", "autoscaling-plans"),
    ("backupgateway", "backup-gateway"),
    ("backupsearch", "backup-search"),
    ("bcmdashboards", "bcm-dashboards"),
    ("bcmdataexports", "bcm-data-exports"),
    ("bcmpricingcalculator", "bcm-pricing-calculator"),
    ("bcmrecommendedactions", "bcm-recommended-actions"),
    ("bedrockagent", "bedrock"),
    ("bedrockagentcore", "bedrock-agentcore"),
    ("bedrockagentcorecontrol", "bedrock-agentcore"),
    ("bedrockagentruntime", "bedrock"),
    ("bedrockdataautomation", "bedrock"),
    ("bedrockdataautomationruntime", "bedrock"),
    ("bedrockruntime", "bedrock"),
    ("chimesdkidentity", "chime"),
    ("chimesdkmediapipelines", "chime"),
    ("chimesdkmeetings", "chime"),
    ("chimesdkmessaging", "chime"),
    ("chimesdkvoice", "chime"),
    ("cleanroomsml", "cleanrooms-ml"),
    ("cloudfrontkeyvaluestore", "cloudfront-keyvaluestore"),
    ("cloudhsmv2", "cloudhsm"),
    ("cloudtraildata", "cloudtrail-data"),
    ("cloudwatchlogs", "logs"),
    ("codeguruprofiler", "codeguru-profiler"),
    ("codegurureviewer", "codeguru-reviewer"),
    ("codegurusecurity", "codeguru-security"),
    ("codestarconnections", "codestar-connections"),
    ("codestarnotifications", "codestar-notifications"),
    ("cognitoidentity", "cognito-identity"),
    ("cognitoidentityprovider", "cognito-idp"),
    ("cognitosync", "cognito-sync"),
    ("computeoptimizer", "compute-optimizer"),
    ("computeoptimizerautomation", "aco-automation"),
    ("connectcampaigns", "connect-campaigns"),
    ("connectcampaignsv2", "connect-campaigns"),
    ("connectcases", "cases"),
    ("connectcontactlens", "connect"),
    ("connecthealth", "health-agent"),
    ("costandusagereport", "cur"),
    ("costexplorer", "ce"),
    ("costoptimizationhub", "cost-optimization-hub"),
    ("customerprofiles", "profile"),
    ("databasemigration", "dms"),
    ("devopsagent", "aidevops"),
    ("devopsguru", "devops-guru"),
    ("directory", "ds"),
    ("directoryservicedata", "ds-data"),
    ("docdb", "rds"),
    ("docdbelastic", "docdb-elastic"),
    ("dynamodbstreams", "dynamodb"),
    ("ec2instanceconnect", "ec2-instance-connect"),
    ("ecrpublic", "ecr-public"),
    ("efs", "elasticfilesystem"),
    ("eksauth", "eks-auth"),
    ("elasticloadbalancingv2", "elasticloadbalancing"),
    ("elasticsearch", "es"),
    ("elementalinference", "elemental-inference"),
    ("emr", "elasticmapreduce"),
    ("emrcontainers", "emr-containers"),
    ("emrserverless", "emr-serverless"),
    ("eventbridge", "events"),
    ("forecastquery", "forecast"),
    ("geoplaces", "geo-places"),
    ("georoutes", "geo-routes"),
    ("greengrassv2", "greengrass"),
    ("inspectorscan", "inspector-scan"),
    ("ivsrealtime", "ivs"),
    ("kendraranking", "kendra-ranking"),
    ("keyspacesstreams", "cassandra"),
    ("kinesisanalyticsv2", "kinesisanalytics"),
    ("kinesisvideoarchivedmedia", "kinesisvideo"),
    ("kinesisvideomedia", "kinesisvideo"),
    ("kinesisvideosignaling", "kinesisvideo"),
    ("kinesisvideowebrtcstorage", "kinesisvideo"),
    ("lexmodelsv2", "lex"),
    ("lexruntimev2", "lex"),
    ("licensemanager", "license-manager"),
    (
        "licensemanagerlinuxsubscriptions",
        "license-manager-linux-subscriptions",
    ),
    (
        "licensemanagerusersubscriptions",
        "license-manager-user-subscriptions",
    ),
    ("location", "geo"),
    ("mailmanager", "ses"),
    ("managedblockchainquery", "managedblockchain-query"),
    ("marketplacecatalog", "aws-marketplace"),
    ("marketplacediscovery", "aws-marketplace"),
    ("marketplaceentitlement", "aws-marketplace"),
    ("marketplacemetering", "aws-marketplace"),
    ("marketplacereporting", "aws-marketplace"),
    ("mediapackagevod", "mediapackage-vod"),
    ("medicalimaging", "medical-imaging"),
    ("migrationhub", "mgh"),
    ("migrationhubconfig", "mgh"),
    ("migrationhuborchestrator", "migrationhub-orchestrator"),
    ("migrationhubrefactorspaces", "refactor-spaces"),
    ("migrationhubstrategy", "migrationhub-strategy"),
    ("mwaa", "airflow"),
    ("mwaaserverless", "airflow-serverless"),
    ("neptune", "rds"),
    ("neptunegraph", "neptune-graph"),
    ("networkfirewall", "network-firewall"),
    ("notificationscontacts", "notifications-contacts"),
    ("novaact", "nova-act"),
    ("opensearch", "es"),
    ("opensearchserverless", "aoss"),
    ("paymentcryptography", "payment-cryptography"),
    ("paymentcryptographydata", "payment-cryptography"),
    ("pcaconnectorad", "pca-connector-ad"),
    ("pcaconnectorscep", "pca-connector-scep"),
    ("personalizeevents", "personalize"),
    ("personalizeruntime", "personalize"),
    ("pinpoint", "mobiletargeting"),
    ("pinpointemail", "ses"),
    ("pinpointsmsvoice", "sms-voice"),
    ("pinpointsmsvoicev2", "sms-voice"),
    ("qconnect", "wisdom"),
    ("rdsdata", "rds-data"),
    ("redshiftdata", "redshift-data"),
    ("redshiftserverless", "redshift-serverless"),
    ("resourceexplorer2", "resource-explorer-2"),
    ("resourcegroups", "resource-groups"),
    ("route53recoverycluster", "route53-recovery-cluster"),
    (
        "route53recoverycontrolconfig",
        "route53-recovery-control-config",
    ),
    ("route53recoveryreadiness", "route53-recovery-readiness"),
    ("s3control", "s3"),
    ("s3outposts", "s3-outposts"),
    ("sagemakera2iruntime", "sagemaker"),
    ("sagemakerfeaturestoreruntime", "sagemaker"),
    ("sagemakergeospatial", "sagemaker-geospatial"),
    ("sagemakermetrics", "sagemaker"),
    ("sagemakerruntime", "sagemaker"),
    ("securityir", "security-ir"),
    ("serverlessapplicationrepository", "serverlessrepo"),
    ("servicecatalogappregistry", "servicecatalog"),
    ("sesv2", "ses"),
    ("sfn", "states"),
    ("signerdata", "signer"),
    ("simpledbv2", "sdb"),
    ("snowdevicemanagement", "snow-device-management"),
    ("socialmessaging", "social-messaging"),
    ("ssmcontacts", "ssm-contacts"),
    ("ssmguiconnect", "ssm-guiconnect"),
    ("ssmincidents", "ssm-incidents"),
    ("ssmquicksetup", "ssm-quicksetup"),
    ("ssmsap", "ssm-sap"),
    ("ssoadmin", "sso"),
    ("supplychain", "scn"),
    ("taxsettings", "tax"),
    ("timestreaminfluxdb", "timestream-influxdb"),
    ("timestreamquery", "timestream"),
    ("timestreamwrite", "timestream"),
    ("vpclattice", "vpc-lattice"),
    ("wafregional", "waf-regional"),
    ("workspacesinstances", "workspaces-instances"),
    ("workspacesthinclient", "thinclient"),
    ("workspacesweb", "workspaces-web"),
];

/// SDK calls whose IAM action is not `<prefix>:<Action>`:
/// `(service, action, IAM action)`, sorted by service and action.
/// `s3:listBuckets` is authorized as `s3:ListAllMyBuckets` (AWS CDK's
/// `iamAction` documentation), `s3:listObjectsV2` as `s3:ListBucket` (what
/// CDK grants for a Distributed Map reading a listing), `lambda:invoke` as
/// `lambda:InvokeFunction` (developer guide, lambda-iam.html).
pub static ACTIONS: &[(&str, &str, &str)] = &[
    ("lambda", "invoke", "lambda:InvokeFunction"),
    ("s3", "listBuckets", "s3:ListAllMyBuckets"),
    ("s3", "listObjectsV2", "s3:ListBucket"),
];

/// The IAM prefix of an SDK service (`sfn` → `states`).
pub fn iam_prefix(service: &str) -> &str {
    PREFIXES
        .binary_search_by(|(s, _)| (*s).cmp(service))
        .map_or(service, |i| PREFIXES[i].1)
}

/// The IAM action an SDK call needs (`aws-sdk:s3:getObject` →
/// `s3:GetObject`, `aws-sdk:sfn:startExecution` → `states:StartExecution`,
/// `aws-sdk:s3:listObjectsV2` → `s3:ListBucket`).
pub fn iam_action(service: &str, action: &str) -> String {
    if let Some((_, _, iam)) = ACTIONS
        .iter()
        .find(|(s, a, _)| *s == service && *a == action)
    {
        return (*iam).to_owned();
    }
    let mut chars = action.chars();
    let upper: String = chars
        .next()
        .map(|c| c.to_ascii_uppercase())
        .into_iter()
        .chain(chars)
        .collect();
    format!("{}:{upper}", iam_prefix(service))
}

/// What is wrong with an SDK service or action name, if anything.
pub fn name_problem(service: &str, action: &str) -> Option<String> {
    if !service
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        return Some(format!(
            "the SDK service `{service}` must be written in lower case letters and digits, as the AWS SDK names it (`s3`, `sfn`, `cloudwatchlogs`)"
        ));
    }
    let first = action.chars().next();
    if !first.is_some_and(|c| c.is_ascii_lowercase())
        || !action.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return Some(format!(
            "the SDK action `{action}` must be the API operation in lowerCamelCase (`getObject` for `GetObject`)"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_iam_actions() {
        assert_eq!(iam_action("s3", "getObject"), "s3:GetObject");
        assert_eq!(
            iam_action("sfn", "startSyncExecution"),
            "states:StartSyncExecution"
        );
        assert_eq!(
            iam_action("cloudwatchlogs", "putLogEvents"),
            "logs:PutLogEvents"
        );
        assert_eq!(iam_action("s3", "listObjectsV2"), "s3:ListBucket");
    }

    #[test]
    fn tables_are_sorted_and_unique() {
        assert!(PREFIXES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(ACTIONS
            .windows(2)
            .all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)));
        assert_eq!(PREFIXES.len(), 165);
    }

    #[test]
    fn checks_names() {
        assert!(name_problem("s3", "getObject").is_none());
        assert!(name_problem("S3", "getObject").is_some());
        assert!(name_problem("s3", "GetObject").is_some());
        assert!(name_problem("s3", "get-object").is_some());
    }
}
