//! Integration tests of the `stancetag` binary, one module per verb.

mod bench;
mod eval;
mod split;
mod summary;
mod tag;
