//! Tests of reading typed answers (`input.rs`): numbers in Chinese and Western notation,
//! bounds, percentages and how an answer is shown back.
use super::*;
use crate::policy::fact::{FactOption, WizardStep};

fn fact(fact_type: FactType, min: Option<i64>, max: Option<i64>) -> FactDef {
    FactDef {
        name: "f".into(),
        fact_type,
        label: "F".into(),
        min,
        max,
        options: vec![],
        question: "?".into(),
        help: String::new(),
        step: WizardStep::RdInvestment,
        item_label: None,
        fields: vec![],
    }
}

fn money() -> FactDef {
    fact(FactType::Money, Some(0), Some(1_000_000_000_000))
}

fn percent() -> FactDef {
    fact(FactType::Percent, None, None)
}

fn count() -> FactDef {
    fact(FactType::Count, Some(0), None)
}

fn choices(fact_type: FactType) -> FactDef {
    FactDef {
        options: ["a", "b"]
            .map(|v| FactOption {
                value: v.into(),
                label: v.to_uppercase(),
            })
            .to_vec(),
        ..fact(fact_type, None, None)
    }
}

fn text(def: &FactDef, s: &str) -> Result<Option<FactValue>, String> {
    parse_answer(def, &RawAnswer::Text(s.into()))
}

fn number(def: &FactDef, s: &str) -> Result<i64, String> {
    match text(def, s) {
        Ok(Some(FactValue::Number(n))) => Ok(n),
        Ok(other) => panic!("{s:?} gave {other:?}"),
        Err(e) => Err(e),
    }
}

const MONEY_HINT: &str = "Enter an amount in whole yuan, for example 4000000, 4,000,000 or 400万.";

#[test]
fn money_plain_digits() {
    assert_eq!(number(&money(), "4000000"), Ok(4_000_000));
    assert_eq!(number(&money(), " 12 "), Ok(12));
    assert_eq!(number(&money(), "0"), Ok(0));
}

#[test]
fn money_thousands_separators() {
    for s in [
        "4,000,000",
        "4，000，000",
        "4 000 000",
        "4\u{2009}000\u{2009}000",
        "4\u{202f}000\u{202f}000",
        "4\u{a0}000\u{a0}000",
    ] {
        assert_eq!(number(&money(), s), Ok(4_000_000), "{s:?}");
    }
}

#[test]
fn money_full_width_digits() {
    assert_eq!(number(&money(), "４，０００，０００"), Ok(4_000_000));
    assert_eq!(number(&money(), "３００万"), Ok(3_000_000));
    assert_eq!(number(&money(), "１．５万"), Ok(15_000));
}

#[test]
fn money_currency_decoration() {
    for s in [
        "¥4,000,000",
        "￥4000000",
        "4000000元",
        "4,000,000 yuan",
        "4,000,000 Yuan",
        "CNY 4,000,000",
        "4000000 cny",
        "RMB4000000",
        "¥ 400万元",
    ] {
        assert_eq!(number(&money(), s), Ok(4_000_000), "{s:?}");
    }
}

#[test]
fn money_wan_and_yi() {
    assert_eq!(number(&money(), "300万"), Ok(3_000_000));
    assert_eq!(number(&money(), "300万元"), Ok(3_000_000));
    assert_eq!(number(&money(), "300 万"), Ok(3_000_000));
    assert_eq!(number(&money(), "1.5万"), Ok(15_000));
    assert_eq!(number(&money(), "2.5亿"), Ok(250_000_000));
    assert_eq!(number(&money(), "1.2345万"), Ok(12_345));
    assert_eq!(number(&money(), "1,200万"), Ok(12_000_000));
}

#[test]
fn money_yi_then_wan_then_yuan() {
    assert_eq!(number(&money(), "1亿2000万"), Ok(120_000_000));
    assert_eq!(number(&money(), "1亿2000万元"), Ok(120_000_000));
    assert_eq!(number(&money(), "1亿5000"), Ok(100_005_000));
    assert_eq!(number(&money(), "3万5000"), Ok(35_000));
    assert_eq!(number(&money(), "1亿2000万3000"), Ok(120_003_000));
}

#[test]
fn money_decimals_only_when_the_fraction_is_zero() {
    assert_eq!(number(&money(), "4,000,000.00"), Ok(4_000_000));
    assert_eq!(number(&money(), "12.0"), Ok(12));
}

#[test]
fn empty_is_no_answer() {
    for def in [money(), percent(), count(), choices(FactType::OneOf)] {
        assert_eq!(text(&def, ""), Ok(None));
        assert_eq!(text(&def, "   "), Ok(None));
    }
    assert_eq!(
        parse_answer(&choices(FactType::SetOf), &RawAnswer::Choices(vec![])),
        Ok(None)
    );
}

#[test]
fn rejects_text_that_is_no_amount() {
    for s in [
        "abc",
        "1e6",
        "4,000,000元元",
        "万",
        "亿元",
        "--5",
        "1.5.5",
        "4,,000",
    ] {
        assert_eq!(number(&money(), s), Err(MONEY_HINT.into()), "{s:?}");
    }
}

#[test]
fn rejects_fractions_of_a_yuan() {
    assert_eq!(
        number(&money(), "1.5"),
        Err("Enter whole yuan: \"1.5\" includes a fraction of a yuan.".into())
    );
    assert_eq!(
        number(&money(), "1.23456万"),
        Err("Enter whole yuan: \"1.23456万\" includes a fraction of a yuan.".into())
    );
}

#[test]
fn rejects_separators_out_of_place() {
    let message = "Put separators only between groups of three digits, for example 4,000,000.";
    for s in ["1,5", "40,00,000", "4000,000", "1,5万", "1,000.000,5"] {
        let got = number(&money(), s);
        if s == "1,000.000,5" {
            assert_eq!(got, Err(MONEY_HINT.into()), "{s:?}");
        } else {
            assert_eq!(got, Err(message.into()), "{s:?}");
        }
    }
}

#[test]
fn rejects_units_out_of_order() {
    let message = "Write 亿 before 万, each at most once, for example 1亿2000万.";
    for s in ["2000万1亿", "2万亿", "1万1万", "1亿1亿"] {
        assert_eq!(number(&money(), s), Err(message.into()), "{s:?}");
    }
}

#[test]
fn rejects_a_rest_as_large_as_its_unit() {
    let message = "What follows 亿 must be less than 1亿, and what follows 万 less than 1万, for example 1亿2000万.";
    for s in ["1亿20000万", "1万10000", "1亿100000000"] {
        assert_eq!(number(&money(), s), Err(message.into()), "{s:?}");
    }
}

#[test]
fn rejects_numbers_too_large() {
    for s in [
        "99999999999999999999999",
        "99999999999999999999999999999999999999999999",
        "9999999999999亿",
    ] {
        assert_eq!(
            number(&money(), s),
            Err("The number is too large.".into()),
            "{s:?}"
        );
    }
}

#[test]
fn checks_bounds_with_messages() {
    assert_eq!(number(&money(), "-5"), Err("Must be at least 0.".into()));
    assert_eq!(number(&money(), "-¥5"), Err("Must be at least 0.".into()));
    assert_eq!(number(&money(), "¥-5"), Err("Must be at least 0.".into()));
    assert_eq!(
        number(&money(), "20000亿"),
        Err("Must be at most 1,000,000,000,000.".into())
    );
    let unbounded = fact(FactType::Money, None, None);
    assert_eq!(number(&unbounded, "-5"), Ok(-5));
}

#[test]
fn percent_with_and_without_the_sign() {
    for s in ["62.5", "62.5%", "62.50 %", "62.5％", "６２.５%"] {
        assert_eq!(number(&percent(), s), Ok(6250), "{s:?}");
    }
    assert_eq!(number(&percent(), "30"), Ok(3000));
    assert_eq!(number(&percent(), "0.25%"), Ok(25));
    assert_eq!(number(&percent(), "100%"), Ok(FULL_PERCENT));
}

#[test]
fn percent_rejects_more_than_two_decimals() {
    assert_eq!(
        number(&percent(), "62.555%"),
        Err("Give a percentage with at most two decimals, for example 62.25%.".into())
    );
}

#[test]
fn percent_rejects_text() {
    for s in ["abc", "%", "half", "50万", "1/2"] {
        assert_eq!(
            number(&percent(), s),
            Err("Enter a percentage, for example 62.5 or 62.5%.".into()),
            "{s:?}"
        );
    }
}

#[test]
fn percent_is_between_0_and_100_unless_declared() {
    assert_eq!(
        number(&percent(), "100.01"),
        Err("Must be at most 100%.".into())
    );
    assert_eq!(
        number(&percent(), "-1%"),
        Err("Must be at least 0%.".into())
    );
    let growth = fact(FactType::Percent, Some(-5_000), Some(50_000));
    assert_eq!(number(&growth, "250%"), Ok(25_000));
    assert_eq!(number(&growth, "-20%"), Ok(-2_000));
    assert_eq!(
        number(&growth, "500.5%"),
        Err("Must be at most 500%.".into())
    );
    assert_eq!(
        number(&growth, "-62.5%"),
        Err("Must be at least -50%.".into())
    );
}

#[test]
fn counts_are_whole_numbers() {
    assert_eq!(number(&count(), "12"), Ok(12));
    assert_eq!(number(&count(), "1,200"), Ok(1_200));
    assert_eq!(number(&count(), "1.2万"), Ok(12_000));
    assert_eq!(
        number(&count(), "2.5"),
        Err("Enter a whole number: \"2.5\" has a fraction.".into())
    );
    assert_eq!(
        number(&count(), "five"),
        Err("Enter a whole number, for example 5.".into())
    );
    assert_eq!(
        number(&count(), "5元"),
        Err("Enter a whole number, for example 5.".into())
    );
    assert_eq!(number(&count(), "-1"), Err("Must be at least 0.".into()));
}

#[test]
fn bools_choices_and_dates() {
    let yes_no = fact(FactType::Bool, None, None);
    assert_eq!(text(&yes_no, "yes"), Ok(Some(FactValue::Bool(true))));
    assert_eq!(text(&yes_no, "false"), Ok(Some(FactValue::Bool(false))));
    assert_eq!(
        parse_answer(&yes_no, &RawAnswer::Flag(true)),
        Ok(Some(FactValue::Bool(true)))
    );
    assert_eq!(text(&yes_no, "maybe"), Err("Choose yes or no.".into()));
    let one = choices(FactType::OneOf);
    assert_eq!(text(&one, "a"), Ok(Some(FactValue::Text("a".into()))));
    assert_eq!(text(&one, "c"), Err("Choose one of the options.".into()));
    let set = choices(FactType::SetOf);
    assert_eq!(
        parse_answer(&set, &RawAnswer::Choices(vec!["b".into(), "a".into()])),
        Ok(Some(FactValue::Set(["a".into(), "b".into()].into())))
    );
    assert_eq!(
        text(&set, "a"),
        Ok(Some(FactValue::Set(["a".into()].into())))
    );
    assert_eq!(
        parse_answer(&set, &RawAnswer::Choices(vec!["z".into()])),
        Err("\"z\" is not one of the choices.".into())
    );
    let date = fact(FactType::Date, None, None);
    assert_eq!(
        text(&date, "2020-06-30"),
        Ok(Some(FactValue::Text("2020-06-30".into())))
    );
    assert_eq!(
        text(&date, "30/06/2020"),
        Err("Enter a date as YYYY-MM-DD, for example 2020-06-30.".into())
    );
}

#[test]
fn answers_of_the_wrong_shape_say_what_to_enter() {
    let flag = RawAnswer::Flag(true);
    let list = RawAnswer::Choices(vec!["a".into()]);
    assert_eq!(parse_answer(&money(), &flag), Err(MONEY_HINT.into()));
    assert_eq!(
        parse_answer(&choices(FactType::OneOf), &list),
        Err("Choose one of the options.".into())
    );
    assert_eq!(
        parse_answer(&choices(FactType::SetOf), &flag),
        Err("Choose from the options.".into())
    );
    assert_eq!(
        parse_answer(&fact(FactType::Bool, None, None), &list),
        Err("Choose yes or no.".into())
    );
}

#[test]
fn shows_answers_in_their_normalised_form() {
    let shown = |def: &FactDef, s: &str| {
        let v = text(def, s).unwrap().unwrap();
        let again = show_answer(def, &v);
        assert_eq!(text(def, &again), Ok(Some(v)), "{again:?} reads back");
        again
    };
    assert_eq!(shown(&money(), "300万"), "3000000");
    assert_eq!(shown(&percent(), "62.50"), "62.5%");
    assert_eq!(shown(&percent(), "12.25"), "12.25%");
    assert_eq!(shown(&count(), "1,200"), "1200");
    assert_eq!(shown(&choices(FactType::SetOf), "a"), "a");
    // Several choices, as the wizard's form sends them back (found by the answer_parse fuzz
    // target: "a,b" was read as one unknown choice).
    assert_eq!(shown(&choices(FactType::SetOf), "b, a"), "a,b");
}

#[test]
fn echoes_what_was_understood_when_it_differs() {
    assert_eq!(understood(&money(), "300万"), Some("3,000,000 yuan".into()));
    assert_eq!(
        understood(&money(), "4,000,000"),
        Some("4,000,000 yuan".into())
    );
    assert_eq!(understood(&money(), "4000000"), None);
    assert_eq!(understood(&money(), "abc"), None);
    assert_eq!(understood(&money(), ""), None);
    assert_eq!(understood(&percent(), "62.5"), Some("62.5%".into()));
    assert_eq!(understood(&percent(), "62.5%"), None);
    assert_eq!(understood(&count(), "1.2万"), Some("12000".into()));
    assert_eq!(understood(&choices(FactType::OneOf), "a"), None);
}

#[test]
fn formats_percentages() {
    assert_eq!(format_percent(6250), "62.5%");
    assert_eq!(format_percent(1225), "12.25%");
    assert_eq!(format_percent(5000), "50%");
    assert_eq!(format_percent(5), "0.05%");
    assert_eq!(format_percent(-2050), "-20.5%");
    assert_eq!(
        describe_number(FactType::Money, 3_000_000),
        "3,000,000 yuan"
    );
    assert_eq!(describe_number(FactType::Percent, 6250), "62.5%");
    assert_eq!(describe_number(FactType::Count, 12), "12");
}
