//! Progress on a terminal (stderr) and nothing in pipes or tests: the one
//! progress module of the command line (indicatif).

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

/// A spinner, a bar or status lines, shown only when stderr is a terminal.
pub struct Progress {
    tty: bool,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Nothing shown yet; [`Progress::spinner`] or [`Progress::bar`] start one.
    pub fn new() -> Progress {
        Progress {
            tty: std::io::stderr().is_terminal(),
            bar: None,
        }
    }

    /// A spinner with a message and the elapsed time.
    pub fn spinner(&mut self) {
        self.start(
            ProgressBar::new_spinner(),
            "{spinner} {msg} [{elapsed}]",
            ProgressStyle::default_spinner,
        );
        if let Some(bar) = &self.bar {
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
        }
    }

    /// A bar of `len` steps, with a prefix, a message, elapsed time and ETA.
    pub fn bar(&mut self, len: u64, prefix: String) {
        self.start(
            ProgressBar::new(len),
            "{prefix} {bar:40} {pos}/{len} {msg} [{elapsed} < {eta}]",
            ProgressStyle::default_bar,
        );
        if let Some(bar) = &self.bar {
            bar.set_prefix(prefix);
        }
    }

    fn start(&mut self, bar: ProgressBar, template: &str, fallback: fn() -> ProgressStyle) {
        self.finish();
        if self.tty {
            bar.set_style(ProgressStyle::with_template(template).unwrap_or_else(|_| fallback()));
            self.bar = Some(bar);
        }
    }

    /// True while a spinner or bar is shown.
    pub fn active(&self) -> bool {
        self.bar.is_some()
    }

    /// Move the bar (when one is shown).
    pub fn set_position(&self, pos: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(pos);
        }
    }

    /// Set the message (the `message` closure runs only on a terminal).
    pub fn set_message(&self, message: impl FnOnce() -> String) {
        if let Some(bar) = &self.bar {
            bar.set_message(message());
        }
    }

    /// Print a status line on a terminal.
    pub fn say(&self, message: impl FnOnce() -> String) {
        if self.tty {
            match &self.bar {
                Some(bar) => bar.println(message()),
                None => eprintln!("{}", message()),
            }
        }
    }

    /// Remove the spinner or bar.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
