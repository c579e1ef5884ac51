use serverless_builder::prelude::*;

// States nested deeper than the parser follows: an error, never a stack overflow.
fn main() {
    let mut service = Service::new("users");
    let fetch_user = service.function("fetch_user", "users.handler.fetch_user");
    let machine = state_machine! {
        Deep(auto_catch: false) {
        map M0(items_path: "$.x") {
        map M1(items_path: "$.x") {
        map M2(items_path: "$.x") {
        map M3(items_path: "$.x") {
        map M4(items_path: "$.x") {
        map M5(items_path: "$.x") {
        map M6(items_path: "$.x") {
        map M7(items_path: "$.x") {
        map M8(items_path: "$.x") {
        map M9(items_path: "$.x") {
        map M10(items_path: "$.x") {
        map M11(items_path: "$.x") {
        map M12(items_path: "$.x") {
        map M13(items_path: "$.x") {
        map M14(items_path: "$.x") {
        map M15(items_path: "$.x") {
        map M16(items_path: "$.x") {
        map M17(items_path: "$.x") {
        map M18(items_path: "$.x") {
        map M19(items_path: "$.x") {
        map M20(items_path: "$.x") {
        map M21(items_path: "$.x") {
        map M22(items_path: "$.x") {
        map M23(items_path: "$.x") {
        map M24(items_path: "$.x") {
        map M25(items_path: "$.x") {
        map M26(items_path: "$.x") {
        map M27(items_path: "$.x") {
        map M28(items_path: "$.x") {
        map M29(items_path: "$.x") {
        map M30(items_path: "$.x") {
        map M31(items_path: "$.x") {
        map M32(items_path: "$.x") {
        map M33(items_path: "$.x") {
        map M34(items_path: "$.x") {
        map M35(items_path: "$.x") {
        map M36(items_path: "$.x") {
        map M37(items_path: "$.x") {
        map M38(items_path: "$.x") {
        map M39(items_path: "$.x") {
        map M40(items_path: "$.x") {
        map M41(items_path: "$.x") {
        map M42(items_path: "$.x") {
        map M43(items_path: "$.x") {
        map M44(items_path: "$.x") {
        map M45(items_path: "$.x") {
        map M46(items_path: "$.x") {
        map M47(items_path: "$.x") {
        map M48(items_path: "$.x") {
        map M49(items_path: "$.x") {
        map M50(items_path: "$.x") {
        map M51(items_path: "$.x") {
        map M52(items_path: "$.x") {
        map M53(items_path: "$.x") {
        map M54(items_path: "$.x") {
        map M55(items_path: "$.x") {
        map M56(items_path: "$.x") {
        map M57(items_path: "$.x") {
        map M58(items_path: "$.x") {
        map M59(items_path: "$.x") {
        map M60(items_path: "$.x") {
        map M61(items_path: "$.x") {
        map M62(items_path: "$.x") {
        map M63(items_path: "$.x") {
        map M64(items_path: "$.x") {
        map M65(items_path: "$.x") {
        map M66(items_path: "$.x") {
        map M67(items_path: "$.x") {
        map M68(items_path: "$.x") {
        map M69(items_path: "$.x") {
        task(fetch_user);
        }}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}
        }
    };
    service.add_state_machine(machine);
}
