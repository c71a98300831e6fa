//! SPF (RFC 7208): the record grammar, warnings, `check_host()` evaluation and the include tree.
//!
//! `record` holds the types, `parse` the grammar, `macros` the macro expansion, `eval` the
//! sans-IO evaluator.

pub mod eval;
pub mod macros;
pub mod parse;
pub mod record;

pub use eval::{check_mail_from, check_record, SpfEvaluation, SpfInput, SpfResult};
pub use parse::{parse_record, ParsedRecord};
