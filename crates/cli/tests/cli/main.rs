//! Integration tests of the `stancetag` binary, one module per verb.

mod eval;
mod split;
mod summary;
