//! What users see when a workflow is wrong: each file of `tests/ui/<topic>/`
//! must fail to compile with exactly the errors of its `.stderr`.
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*/*.rs");
}
