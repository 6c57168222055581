//! Answer parsing: any text (or list of choices) as the answer to any seeded fact. The parser
//! never panics; what it accepts fits the fact's type, bounds and options, and the form shows
//! it again as text that reads back as the same value.
#![no_main]
use std::sync::LazyLock;

use app::policy::input::{parse_answer, parse_number, show_answer, understood, RawAnswer};
use app::policy::{seed, Catalog, FactDef, FactType};
use libfuzzer_sys::fuzz_target;

/// Every seeded fact and every field of a list fact.
static DEFS: LazyLock<Vec<FactDef>> = LazyLock::new(|| {
    let catalog: Catalog = seed::load().expect("the seeded catalog loads");
    let mut defs = Vec::new();
    for d in catalog.vocabulary.iter() {
        defs.push(d.clone());
        defs.extend(d.fields.iter().cloned());
    }
    defs
});

const TYPES: [FactType; 3] = [FactType::Money, FactType::Count, FactType::Percent];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let _ = parse_number(TYPES[usize::from(pick) % TYPES.len()], &text);
    let defs = &*DEFS;
    let def = &defs[usize::from(pick) % defs.len()];
    let raws = [
        RawAnswer::Text(text.to_string()),
        RawAnswer::Choices(text.split('\n').map(str::to_string).collect()),
        RawAnswer::Flag(pick & 1 == 1),
    ];
    for raw in &raws {
        let Ok(Some(value)) = parse_answer(def, raw) else {
            continue;
        };
        if let Err(e) = def.check(&value) {
            panic!(
                "{}: {raw:?} was accepted as {value:?}, which the fact refuses: {e}",
                def.name
            );
        }
        let shown = show_answer(def, &value);
        let again = parse_answer(def, &RawAnswer::Text(shown.clone()));
        if again != Ok(Some(value.clone())) {
            panic!(
                "{}: {value:?} is shown as {shown:?}, which reads back as {again:?}",
                def.name
            );
        }
    }
    let _ = understood(def, &text);
});
