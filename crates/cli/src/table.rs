//! The one table renderer of the command line: aligned text for a terminal
//! (widths in terminal columns, so CJK names line up), Markdown with `|`
//! escaped, and CSV through the `csv` crate.

use unicode_width::UnicodeWidthStr;

/// A header row and rows of cells; the first `left` columns are text
/// (left-aligned), the others numbers (right-aligned).
#[derive(Debug, Clone, Default)]
pub struct Table {
    title: Option<String>,
    rule: bool,
    left: usize,
    /// The last column is text too.
    last_text: bool,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with one text column (the first) and these headers.
    pub fn new(header: &[&str]) -> Table {
        Table {
            left: 1,
            header: header.iter().map(|s| s.to_string()).collect(),
            ..Table::default()
        }
    }

    /// A title above the table, and a rule under its header.
    pub fn titled(mut self, title: impl Into<String>) -> Table {
        self.title = Some(title.into());
        self.rule = true;
        self
    }

    /// The number of text (left-aligned) columns, counted from the first.
    pub fn text_columns(mut self, n: usize) -> Table {
        self.left = n;
        self
    }

    /// The last column is text (left-aligned) as well, as a list of names is.
    pub fn last_column_text(mut self) -> Table {
        self.last_text = true;
        self
    }

    fn is_text(&self, i: usize) -> bool {
        i < self.left || (self.last_text && i + 1 == self.header.len())
    }

    /// Add a row (as many cells as headers).
    pub fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.header.len(), "one cell per column");
        self.rows.push(cells);
    }

    fn widths(&self) -> Vec<usize> {
        let mut w: Vec<usize> = self.header.iter().map(|h| h.width()).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate() {
                w[i] = w[i].max(c.width());
            }
        }
        w
    }

    /// Aligned columns, two spaces apart, trailing spaces trimmed.
    pub fn to_text(&self) -> String {
        let w = self.widths();
        let mut out = String::new();
        let line = |cells: &[String], out: &mut String| {
            let mut s = String::new();
            for (i, c) in cells.iter().enumerate() {
                if i > 0 {
                    s.push_str("  ");
                }
                let pad = " ".repeat(w[i] - c.width());
                if self.is_text(i) {
                    s.push_str(c);
                    s.push_str(&pad);
                } else {
                    s.push_str(&pad);
                    s.push_str(c);
                }
            }
            out.push_str(s.trim_end());
            out.push('\n');
        };
        if let Some(title) = &self.title {
            out.push_str(title);
            out.push('\n');
        }
        line(&self.header, &mut out);
        if self.rule {
            let total: usize = w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1);
            out.push_str(&"-".repeat(total));
            out.push('\n');
        }
        for r in &self.rows {
            line(r, &mut out);
        }
        out
    }

    /// A Markdown table (a `###` heading when titled); `|` in cells escaped.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        if let Some(title) = &self.title {
            out.push_str(&format!("### {title}\n\n"));
        }
        let line = |cells: &[String]| {
            let cells: Vec<String> = cells.iter().map(|c| c.replace('|', "\\|")).collect();
            format!("| {} |\n", cells.join(" | "))
        };
        out.push_str(&line(&self.header));
        let align: Vec<&str> = (0..self.header.len())
            .map(|i| if self.is_text(i) { "---" } else { "---:" })
            .collect();
        out.push_str(&format!("|{}|\n", align.join("|")));
        for r in &self.rows {
            out.push_str(&line(r));
        }
        out
    }

    /// CSV with a header line, quoted as RFC 4180 requires (the title is
    /// left out).
    pub fn to_csv(&self) -> anyhow::Result<String> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        w.write_record(&self.header)?;
        for r in &self.rows {
            w.write_record(r)?;
        }
        Ok(String::from_utf8(w.into_inner()?)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        let mut t = Table::new(&["type", "F1"]);
        t.row(vec!["PER".into(), "50.00".into()]);
        t.row(vec!["overall".into(), "100.00".into()]);
        t
    }

    #[test]
    fn text_aligns_and_titles() {
        assert_eq!(
            table().titled("T").to_text(),
            "T\ntype         F1\n---------------\nPER       50.00\noverall  100.00\n"
        );
        assert_eq!(
            table().to_text(),
            "type         F1\nPER       50.00\noverall  100.00\n"
        );
    }

    #[test]
    fn text_counts_terminal_columns() {
        let mut t = Table::new(&["name", "label", "n"]).text_columns(2);
        t.row(vec!["東京".into(), "LOC".into(), "3".into()]);
        t.row(vec!["Lee Myung-bak".into(), "PER".into(), "12".into()]);
        assert_eq!(
            t.to_text(),
            "name           label   n\n東京           LOC     3\nLee Myung-bak  PER    12\n"
        );
    }

    #[test]
    fn markdown_escapes_pipes() {
        let mut t = table().titled("T");
        t.row(vec!["a|b".into(), "1".into()]);
        assert_eq!(
            t.to_markdown(),
            "### T\n\n| type | F1 |\n|---|---:|\n| PER | 50.00 |\n| overall | 100.00 |\n| a\\|b | 1 |\n"
        );
    }

    #[test]
    fn csv_quotes_as_rfc_4180() {
        let mut t = Table::new(&["name", "n"]);
        t.row(vec!["Kim \"Dear Leader\", Jong-il".into(), "1".into()]);
        t.row(vec!["line\nbreak".into(), "".into()]);
        t.row(vec!["Seoul".into(), "2".into()]);
        assert_eq!(
            t.to_csv().unwrap(),
            "name,n\n\"Kim \"\"Dear Leader\"\", Jong-il\",1\n\"line\nbreak\",\nSeoul,2\n"
        );
    }
}
