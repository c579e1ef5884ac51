//! An image pipeline with nested blocks: a `map` over the uploaded images
//! whose body runs a `parallel` (one branch resizes the image into several
//! widths with a `map` of its own, the other extracts metadata), then saves a
//! record. Shows `item_selector` with `$$.Map.Item.Value`/`$$.Map.Item.Index`,
//! `max_concurrency`, a map-level override of `auto_catch`/`auto_fallback`/
//! `fallback` (a failed image is caught into the body's own `ImageFailed`
//! state instead of failing the batch), `parameters` with `.$` keys and the
//! `States.Format(...)` intrinsic, `(expr)` embedding a Rust value (a
//! `serde::Serialize` struct), and `self.arn()`.
//! `cargo run --example nested_parallel_in_map` prints the whole serverless.yml.
//!
//! ```mermaid
//! flowchart TD
//!   classDef marker fill:#333,stroke:#333,color:#fff
//!   classDef task fill:#e8f0fe,stroke:#4a6fa5
//!   classDef pass fill:#f1f3f4,stroke:#80868b
//!   classDef choice fill:#fef7e0,stroke:#b06000
//!   classDef wait fill:#f3e8fd,stroke:#8430ce
//!   classDef succeed fill:#e6f4ea,stroke:#137333
//!   classDef fail fill:#fce8e6,stroke:#c5221f
//!   classDef parallel fill:#e4f7fb,stroke:#007b83
//!   classDef map fill:#e4f7fb,stroke:#007b83
//!   n0(("start")):::marker
//!   n1(("end")):::marker
//!   n2["ListUploads"]:::task
//!   n3[["ProcessImage"]]:::map
//!   n4["ReportBatch"]:::task
//!   n5(["StateMachineErrorFallback"]):::fail
//!   subgraph g0["ProcessImage · each item"]
//!     n6[["Renditions"]]:::parallel
//!     n7["SaveImageRecord"]:::task
//!     n8[/"ImageFailed"/]:::pass
//!     subgraph g1["Renditions · branch 1"]
//!       n9[["ResizeToWidths"]]:::map
//!       subgraph g2["ResizeToWidths · each item"]
//!         n10["Resize<br/>retry ×4"]:::task
//!       end
//!     end
//!     subgraph g3["Renditions · branch 2"]
//!       n11["ExtractMetadata"]:::task
//!     end
//!   end
//!   n2 --> n3
//!   n2 -.->|"States.ALL"| n5
//!   n3 --> n4
//!   n3 -.->|"States.ALL"| n5
//!   n6 --> n7
//!   n6 -.->|"States.ALL"| n8
//!   n9 ==> n10
//!   n6 ==> n9
//!   n6 ==> n11
//!   n7 -.->|"States.ALL"| n8
//!   n3 ==> n6
//!   n4 --> n1
//!   n4 -.->|"States.ALL"| n5
//!   n5 --> n1
//!   n0 --> n2
//! ```

use serde::Serialize;
use serverless_builder::prelude::*;

/// The renditions to produce for every image; embedded in the machine's
/// definition with `(settings)`.
#[derive(Serialize)]
struct RenditionSettings {
    widths: Vec<u32>,
    format: &'static str,
    quality: u8,
}

/// The service: five image functions and the ProcessUploads machine.
pub fn service() -> Result<Service, Error> {
    let mut service = Service::new("media-service");
    let list_uploads = service
        .function("list_uploads", "media.handler.list_uploads")
        .description("Lists the images uploaded since the last run");
    let resize_image = service
        .function("resize_image", "media.handler.resize")
        .description("Writes one rendition of an image")
        .memory_size(1024)
        .timeout(60);
    let extract_metadata = service
        .function("extract_metadata", "media.handler.extract_metadata")
        .description("Reads EXIF data and dominant colours");
    let save_image_record = service
        .function("save_image_record", "media.handler.save_record")
        .description("Stores the image's renditions and metadata");
    let report_batch = service
        .function("report_batch", "media.handler.report")
        .description("Publishes a summary of the batch");

    let settings = RenditionSettings {
        widths: vec![320, 800, 1600],
        format: "webp",
        quality: 80,
    };

    let machine = state_machine! {
        /// Processes every newly uploaded image: renditions and metadata in
        /// parallel, then one record per image.
        ProcessUploads(timeout: 1800) {
            task(list_uploads, result_path: "$.batch");

            map ProcessImage(
                items_path: "$.batch.images",
                max_concurrency: 10,
                item_selector: {
                    "bucket.$": "$.batch.bucket",
                    "image.$": "$$.Map.Item.Value",
                    "position.$": "$$.Map.Item.Index",
                    "settings": (settings),
                },
                auto_catch: true,
                auto_fallback: false,
                fallback: ImageFailed,
                result_path: "$.results",
            ) {
                parallel Renditions(result_path: "$.variants") {
                    branch {
                        // A failed resize fails the whole `Renditions` state,
                        // which the enclosing body catches into `ImageFailed`;
                        // without `auto_catch: false` this body would get its
                        // own `ResizeToWidthsFallback` (from the header's
                        // defaults), and failed resizes would pass silently.
                        map ResizeToWidths(
                            items_path: "$.settings.widths",
                            max_concurrency: 3,
                            auto_catch: false,
                            item_selector: {
                                "bucket.$": "$.bucket",
                                "key.$": "$.image.key",
                                "width.$": "$$.Map.Item.Value",
                                "format.$": "$.settings.format",
                                "quality.$": "$.settings.quality",
                            },
                        ) {
                            task Resize(resize_image, parameters: {
                                "source.$": "States.Format('s3://{}/{}', $.bucket, $.key)",
                                "target.$": "States.Format('s3://{}/renditions/{}/{}.{}', $.bucket, $.width, $.key, $.format)",
                                "width.$": "$.width",
                                "quality.$": "$.quality",
                            })
                                .retry(["Lambda.TooManyRequestsException"], interval: 2, max_attempts: 4, backoff: 2.0, jitter: full);
                        }
                    }
                    branch {
                        task ExtractMetadata(extract_metadata, parameters: {
                            "source.$": "States.Format('s3://{}/{}', $.bucket, $.image.key)",
                            "include": ["exif", "colours"],
                        }, timeout: 30);
                    }
                }
                task SaveImageRecord(save_image_record, parameters: {
                    "key.$": "$.image.key",
                    "position.$": "$.position",
                    "renditions.$": "$.variants[0]",
                    "metadata.$": "$.variants[1]",
                    "processed_by": self.arn(),
                    "execution.$": "$$.Execution.Id",
                }, result_path: null) -> end;

                /// Catch target of this map body (`fallback: ImageFailed`). Its
                /// input is the caught error: `{"Error": ..., "Cause": ...}`.
                pass ImageFailed(parameters: {
                    "failed": true,
                    "error.$": "$.Error",
                    "cause.$": "$.Cause",
                });
            }

            task ReportBatch(report_batch, parameters: {
                "bucket.$": "$.batch.bucket",
                "results.$": "$.results",
                "summary.$": "States.Format('{} images processed by {}', States.ArrayLength($.results), $$.StateMachine.Name)",
            });
        }
    };
    service.add_state_machine(machine);
    Ok(service)
}

fn main() -> Result<(), Error> {
    print!("{}", service()?.to_yaml()?);
    Ok(())
}
