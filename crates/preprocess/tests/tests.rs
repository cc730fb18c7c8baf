//! Integration tests of stancetag-preprocess, one binary grouped by area.

mod properties;
mod snapshots;
