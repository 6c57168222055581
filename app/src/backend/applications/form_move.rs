//! A staff move as the acceptance window's form sends it: an action name and its fields,
//! read into a [`Move`] with a message next to the field that is wrong.
use crate::policy::application::Move;
use crate::policy::Date;
use crate::wire::errors::AppError;

/// The move named `action`, with its fields: `missing` (one material per line), `deadline`
/// (YYYY-MM-DD), `message` (the message or reason) and `amount` (whole yuan, "," allowed).
pub fn parse_move(
    action: &str,
    missing: &str,
    deadline: &str,
    message: &str,
    amount: &str,
) -> Result<Move, AppError> {
    Ok(match action {
        "accept" => Move::Accept,
        "accept_conditionally" => Move::AcceptConditionally {
            missing: missing
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
            deadline: Date::parse(deadline.trim()).map_err(|_| {
                AppError::field("deadline", "Enter the deadline as a date (YYYY-MM-DD).")
            })?,
            note: message.trim().to_string(),
        },
        "request_changes" => Move::RequestChanges {
            message: message.to_string(),
        },
        "start_review" => Move::StartReview,
        "approve" => {
            let digits: String = amount.trim().chars().filter(|c| *c != ',').collect();
            let amount = digits.parse::<i64>().map_err(|_| {
                AppError::field(
                    "amount",
                    "Enter the amount granted in whole yuan, such as 400000.",
                )
            })?;
            Move::Approve { amount }
        }
        "reject" => Move::Reject {
            reason: message.to_string(),
        },
        "mark_paid" => Move::MarkPaid,
        _ => return Err(AppError::invalid("Unknown action.")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_action_and_refuses_bad_fields() {
        assert_eq!(parse_move("accept", "", "", "", "").unwrap(), Move::Accept);
        assert_eq!(
            parse_move("accept_conditionally", "a\n\n b \n", "2027-01-05", "", "").unwrap(),
            Move::AcceptConditionally {
                missing: vec!["a".into(), "b".into()],
                deadline: Date::parse("2027-01-05").unwrap(),
                note: String::new(),
            }
        );
        assert_eq!(
            parse_move("approve", "", "", "", "400,000").unwrap(),
            Move::Approve { amount: 400_000 }
        );
        let e = parse_move("approve", "", "", "", "lots").unwrap_err();
        assert!(e.message_for("amount").is_some());
        let e = parse_move("accept_conditionally", "a", "next week", "", "").unwrap_err();
        assert!(e.message_for("deadline").is_some());
        assert!(parse_move("delete", "", "", "", "").is_err());
        assert_eq!(
            parse_move("reject", "", "", "not in Nanjing", "").unwrap(),
            Move::Reject {
                reason: "not in Nanjing".into()
            }
        );
    }
}
