//! Every move from every stage, by both actors: allowed ones lead where the table says, all
//! others are refused with the reason.
use super::*;

fn day(s: &str) -> Date {
    Date::parse(s).expect("date")
}

fn calm() -> Situation {
    Situation {
        today: day("2026-12-02"),
        deadline: None,
        outstanding: 0,
    }
}

/// One of each move, with valid contents.
fn moves() -> Vec<Move> {
    vec![
        Move::Submit,
        Move::Accept,
        Move::AcceptConditionally {
            missing: vec!["Audit report".into()],
            deadline: day("2026-12-16"),
            note: String::new(),
        },
        Move::CompleteMaterials,
        Move::RequestChanges {
            message: "Add the 2025 figures".into(),
        },
        Move::StartReview,
        Move::Approve { amount: 500_000 },
        Move::Reject {
            reason: "Not registered in Nanjing".into(),
        },
        Move::MarkPaid,
    ]
}

/// The whole machine: (from, move name, to). Anything not listed is refused.
const ALLOWED: &[(Stage, &str, Stage)] = {
    use Stage::*;
    &[
        (Draft, "submit", Submitted),
        (ChangesRequested, "submit", Submitted),
        (Submitted, "accept", Accepted),
        (ConditionallyAccepted, "accept", Accepted),
        (Submitted, "accept conditionally", ConditionallyAccepted),
        (
            ConditionallyAccepted,
            "accept conditionally",
            ConditionallyAccepted,
        ),
        (ConditionallyAccepted, "complete materials", Accepted),
        (Submitted, "request changes", ChangesRequested),
        (UnderReview, "request changes", ChangesRequested),
        (Accepted, "start review", UnderReview),
        (Accepted, "approve", Approved),
        (UnderReview, "approve", Approved),
        (Submitted, "reject", Rejected),
        (ConditionallyAccepted, "reject", Rejected),
        (ChangesRequested, "reject", Rejected),
        (Accepted, "reject", Rejected),
        (UnderReview, "reject", Rejected),
        (Approved, "mark paid", Paid),
    ]
};

#[test]
fn every_transition_is_allowed_or_refused_as_the_table_says() {
    let mut allowed = 0;
    for stage in Stage::ALL {
        for mv in moves() {
            for actor in [Actor::Applicant, Actor::Reviewer] {
                let got = next(stage, actor, &mv, &calm());
                let listed = ALLOWED
                    .iter()
                    .find(|(from, name, _)| *from == stage && *name == mv.name());
                match (listed, got) {
                    (Some((_, _, to)), Ok(reached)) if actor == mv.actor() => {
                        assert_eq!(reached, *to, "{stage} + {}", mv.name());
                        allowed += 1;
                    }
                    (_, Err(Refusal::NotYours { actor: who, .. })) if actor != mv.actor() => {
                        assert_eq!(who, mv.actor());
                    }
                    (None, Err(Refusal::NotFrom { stage: s, action })) => {
                        assert_eq!((s, action.as_str()), (stage, mv.name()));
                    }
                    (listed, got) => panic!(
                        "{stage} + {} by {actor:?}: listed {listed:?}, got {got:?}",
                        mv.name()
                    ),
                }
            }
        }
    }
    assert_eq!(allowed, ALLOWED.len());
}

#[test]
fn final_stages_accept_no_move() {
    for stage in Stage::ALL.into_iter().filter(|s| s.is_final()) {
        for mv in moves() {
            assert!(next(stage, mv.actor(), &mv, &calm()).is_err());
        }
    }
}

#[test]
fn the_contents_of_a_move_are_checked() {
    let at = calm();
    let refuse = |stage, mv: Move| next(stage, mv.actor(), &mv, &at).expect_err("refused");
    let conditional = |missing: Vec<&str>, deadline| Move::AcceptConditionally {
        missing: missing.into_iter().map(String::from).collect(),
        deadline: day(deadline),
        note: String::new(),
    };
    assert_eq!(
        refuse(Stage::Submitted, conditional(vec![], "2026-12-16")),
        Refusal::NothingMissing
    );
    assert_eq!(
        refuse(Stage::Submitted, conditional(vec!["  "], "2026-12-16")),
        Refusal::NothingMissing
    );
    let today = refuse(Stage::Submitted, conditional(vec!["Licence"], "2026-12-02"));
    assert_eq!(
        today,
        Refusal::DeadlineNotAhead {
            deadline: day("2026-12-02")
        }
    );
    assert_eq!(today.field(), Some("deadline"));
    let blank = refuse(
        Stage::UnderReview,
        Move::RequestChanges {
            message: " ".into(),
        },
    );
    assert_eq!(blank.field(), Some("message"));
    let blank = refuse(Stage::UnderReview, Move::Reject { reason: "".into() });
    assert_eq!(blank.to_string(), "write the reason");
    assert_eq!(
        refuse(Stage::UnderReview, Move::Approve { amount: -1 }),
        Refusal::NegativeAmount
    );
    // Nothing granted is a valid decision for a measure that pays no money.
    assert_eq!(
        next(
            Stage::UnderReview,
            Actor::Reviewer,
            &Move::Approve { amount: 0 },
            &at
        ),
        Ok(Stage::Approved)
    );
}

#[test]
fn missing_materials_are_completed_by_the_deadline_or_flagged() {
    let waiting = Situation {
        today: day("2026-12-10"),
        deadline: Some(day("2026-12-16")),
        outstanding: 1,
    };
    let complete = |at: &Situation| {
        next(
            Stage::ConditionallyAccepted,
            Actor::Applicant,
            &Move::CompleteMaterials,
            at,
        )
    };
    assert_eq!(
        complete(&waiting),
        Err(Refusal::MaterialsOutstanding { count: 1 })
    );
    assert!(!overdue(Stage::ConditionallyAccepted, &waiting));
    let added = Situation {
        outstanding: 0,
        ..waiting
    };
    assert_eq!(complete(&added), Ok(Stage::Accepted));
    // The deadline day itself still counts.
    let last_day = Situation {
        today: day("2026-12-16"),
        ..added
    };
    assert_eq!(complete(&last_day), Ok(Stage::Accepted));
    let late = Situation {
        today: day("2026-12-17"),
        ..waiting
    };
    assert_eq!(
        complete(&Situation {
            outstanding: 0,
            ..late
        }),
        Err(Refusal::DeadlinePassed {
            deadline: day("2026-12-16")
        })
    );
    assert!(overdue(Stage::ConditionallyAccepted, &late));
    assert!(!overdue(Stage::Accepted, &late));
    // Staff may still extend the deadline or reject; the application is never dropped.
    let extend = Move::AcceptConditionally {
        missing: vec!["Audit report".into()],
        deadline: day("2026-12-31"),
        note: String::new(),
    };
    assert_eq!(
        next(
            Stage::ConditionallyAccepted,
            Actor::Reviewer,
            &extend,
            &late
        ),
        Ok(Stage::ConditionallyAccepted)
    );
}

#[test]
fn stages_are_stored_by_name() {
    for stage in Stage::ALL {
        assert_eq!(Stage::from_slug(stage.slug()), Some(stage));
    }
    assert_eq!(Stage::from_slug("lost"), None);
    assert!(Stage::Paid.is_final() && Stage::Rejected.is_final());
    assert!(!Stage::Approved.is_final());
    assert!(Stage::ConditionallyAccepted.is_accepted() && !Stage::Submitted.is_accepted());
}

#[test]
fn acceptance_beyond_five_working_days_is_late() {
    // Submitted Wednesday 2 December 2026; the fifth working day after is Wednesday 9.
    let submitted = day("2026-12-02");
    assert!(!acceptance_late(
        submitted,
        Some(day("2026-12-09")),
        day("2026-12-20")
    ));
    assert!(acceptance_late(
        submitted,
        Some(day("2026-12-10")),
        day("2026-12-10")
    ));
    // Still waiting: counted to today.
    assert!(!acceptance_late(submitted, None, day("2026-12-09")));
    assert!(acceptance_late(submitted, None, day("2026-12-10")));
}
