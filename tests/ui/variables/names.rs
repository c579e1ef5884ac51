use serverless_builder::prelude::*;

fn main() {
    let machine = state_machine! {
        Names {
            pass A(assign: {
                "_tmp": 1,
                "states": 2,
                "order.total": 3,
                "items[0]": 4,
                "has space": 5,
                "a_name_of_more_than_eighty_characters_is_refused_by_aws_step_functions_everywhere": 6,
                "größe": 7
            });
            fail Oops(assign: { "x": 1 });
            succeed Done(assign: { "x": 1 });
        }
    };
    let _ = machine;
}
