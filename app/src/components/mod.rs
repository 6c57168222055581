//! Reusable view pieces.
pub mod form;
pub mod layout;
pub mod loading;
pub mod measure_card;
pub mod search_box;
pub mod staff;
pub mod stage;
pub mod table;
