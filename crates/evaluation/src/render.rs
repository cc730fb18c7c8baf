//! Human-readable renderings of a [`Report`]: an aligned terminal table and
//! Markdown.

use crate::classification::ClassificationReport;
use crate::evaluate::Report;

/// A table: a header row and rows of cells; the first `left` columns are
/// text (left-aligned), the others numbers (right-aligned).
struct Table {
    title: String,
    left: usize,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn new(title: impl Into<String>, header: &[&str]) -> Table {
        Table {
            title: title.into(),
            left: 1,
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn widths(&self) -> Vec<usize> {
        let mut w: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate() {
                w[i] = w[i].max(c.chars().count());
            }
        }
        w
    }

    fn plain(&self, out: &mut String) {
        let w = self.widths();
        let line = |cells: &[String], out: &mut String| {
            let mut s = String::new();
            for (i, c) in cells.iter().enumerate() {
                if i > 0 {
                    s.push_str("  ");
                }
                if i < self.left {
                    s.push_str(&format!("{c:<width$}", width = w[i]));
                } else {
                    s.push_str(&format!("{c:>width$}", width = w[i]));
                }
            }
            out.push_str(s.trim_end());
            out.push('\n');
        };
        out.push_str(&self.title);
        out.push('\n');
        line(&self.header, out);
        let total: usize = w.iter().sum::<usize>() + 2 * (w.len() - 1);
        out.push_str(&"-".repeat(total));
        out.push('\n');
        for r in &self.rows {
            line(r, out);
        }
        out.push('\n');
    }

    fn markdown(&self, out: &mut String) {
        out.push_str(&format!("### {}\n\n", self.title));
        let cell = |c: &String| c.replace('|', "\\|");
        out.push_str(&format!(
            "| {} |\n",
            self.header.iter().map(cell).collect::<Vec<_>>().join(" | ")
        ));
        let align: Vec<&str> = (0..self.header.len())
            .map(|i| if i < self.left { "---" } else { "---:" })
            .collect();
        out.push_str(&format!("|{}|\n", align.join("|")));
        for r in &self.rows {
            out.push_str(&format!(
                "| {} |\n",
                r.iter().map(cell).collect::<Vec<_>>().join(" | ")
            ));
        }
        out.push('\n');
    }
}

/// A fraction as a percentage with two decimals, as conlleval prints it.
fn pct(x: f64) -> String {
    format!("{:.2}", 100.0 * x)
}

fn tables(report: &Report) -> Vec<Table> {
    let mut out = Vec::new();
    if let Some(ner) = &report.ner {
        let c = &ner.conlleval;
        let basis = match c.basis {
            crate::Basis::Tokens => "token tags",
            crate::Basis::Spans => "exact spans",
        };
        let mut title = format!("NER, conlleval-compatible (on {basis})");
        if let (Some(tokens), Some(acc)) = (c.tokens, c.accuracy) {
            title.push_str(&format!(": {tokens} tokens, accuracy {}%", pct(acc)));
        }
        let mut t = Table::new(title, &["type", "gold", "pred", "correct", "P", "R", "F1"]);
        for (ty, s) in &c.per_type {
            t.row(vec![
                ty.clone(),
                s.gold.to_string(),
                s.predicted.to_string(),
                s.correct.to_string(),
                pct(s.precision),
                pct(s.recall),
                pct(s.f1),
            ]);
        }
        t.row(vec![
            "overall".into(),
            c.gold.to_string(),
            c.predicted.to_string(),
            c.correct.to_string(),
            pct(c.precision),
            pct(c.recall),
            pct(c.f1),
        ]);
        out.push(t);

        let mut t = Table::new(
            "NER, SemEval-2013 schemes (micro; macro over types)",
            &[
                "scheme",
                "correct",
                "incorrect",
                "partial",
                "missed",
                "spurious",
                "possible",
                "actual",
                "P",
                "R",
                "F1",
                "macro P",
                "macro R",
                "macro F1",
            ],
        );
        for (name, s) in ner.semeval.schemes() {
            let m = &s.micro;
            t.row(vec![
                name.to_string(),
                m.counts.correct.to_string(),
                m.counts.incorrect.to_string(),
                m.counts.partial.to_string(),
                m.counts.missed.to_string(),
                m.counts.spurious.to_string(),
                m.possible.to_string(),
                m.actual.to_string(),
                pct(m.precision),
                pct(m.recall),
                pct(m.f1),
                pct(s.macro_.precision),
                pct(s.macro_.recall),
                pct(s.macro_.f1),
            ]);
        }
        out.push(t);

        let mut t = Table::new(
            "NER, SemEval-2013 F1 per type",
            &["type", "strict", "exact", "partial", "type"],
        );
        for ty in ner.semeval.strict.per_type.keys() {
            let mut row = vec![ty.clone()];
            for (_, s) in ner.semeval.schemes() {
                row.push(s.per_type.get(ty).map_or("-".into(), |x| pct(x.f1)));
            }
            t.row(row);
        }
        out.push(t);
    }
    if let Some(s) = &report.sentences {
        let mut t = Table::new(
            "Sentence boundaries (ignoring whitespace)",
            &["", "gold", "pred", "correct", "P", "R", "F1"],
        );
        t.row(vec![
            "boundaries".into(),
            s.gold.to_string(),
            s.predicted.to_string(),
            s.correct.to_string(),
            pct(s.precision),
            pct(s.recall),
            pct(s.f1),
        ]);
        out.push(t);
    }
    if let Some(s) = &report.sentiment {
        out.extend(classification("Sentence sentiment", s));
    }
    if let Some(st) = &report.stance {
        if let Some(s) = &st.entities {
            out.extend(classification("Stance toward entities (exact span)", s));
        }
        if let Some(s) = &st.targets {
            out.extend(classification("Stance toward targets", s));
        }
    }
    let e = &report.errors;
    if e.total > 0 {
        let mut title = format!("Errors: {} in all", e.total);
        for (k, n) in &e.counts {
            title.push_str(&format!(", {} {n}", k.as_str()));
        }
        if e.shown.len() < e.total {
            title.push_str(&format!(" (first {} shown)", e.shown.len()));
        }
        let mut t = Table::new(title, &["document", "kind", "gold", "pred", "context"]);
        t.left = 5;
        for m in &e.shown {
            let pred = match (&m.predicted, &m.predicted_text) {
                (Some(l), Some(text)) => format!("{l} \"{text}\""),
                (Some(l), None) => l.clone(),
                _ => "-".into(),
            };
            t.row(vec![
                m.document.clone(),
                m.kind.as_str().into(),
                m.gold.clone().unwrap_or_else(|| "-".into()),
                pred,
                m.context.clone(),
            ]);
        }
        out.push(t);
    }
    out
}

fn classification(title: &str, s: &ClassificationReport) -> Vec<Table> {
    let head = format!(
        "{title}: {} of {} gold items matched, accuracy {}%, macro-F1 {}",
        s.matched,
        s.gold,
        pct(s.accuracy),
        pct(s.macro_f1)
    );
    let mut t = Table::new(head, &["class", "gold", "pred", "P", "R", "F1"]);
    for label in &s.labels {
        if let Some(c) = s.per_class.get(label) {
            t.row(vec![
                label.clone(),
                c.support.to_string(),
                c.predicted.to_string(),
                pct(c.precision),
                pct(c.recall),
                pct(c.f1),
            ]);
        }
    }
    let mut header = vec!["gold \\ pred"];
    header.extend(s.labels.iter().map(|l| l.as_str()));
    let mut m = Table::new(format!("{title}: confusion matrix"), &header);
    for (label, row) in s.labels.iter().zip(&s.confusion) {
        let mut cells = vec![label.clone()];
        cells.extend(row.iter().map(|n| n.to_string()));
        m.row(cells);
    }
    vec![t, m]
}

/// The report as aligned plain-text tables for a terminal; scores are
/// percentages with two decimals.
pub fn render_table(report: &Report) -> String {
    let mut out = format!(
        "{} documents scored{}\n\n",
        report.documents,
        match report.extra_predicted_documents {
            0 => String::new(),
            n => format!(" ({n} predicted documents without gold ignored)"),
        }
    );
    for t in tables(report) {
        t.plain(&mut out);
    }
    out
}

/// The report as Markdown tables, for a README; scores are percentages.
pub fn render_markdown(report: &Report) -> String {
    let mut out = format!("{} documents scored.\n\n", report.documents);
    for t in tables(report) {
        t.markdown(&mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_markdown_tables() {
        let mut t = Table::new("T", &["type", "F1"]);
        t.row(vec!["PER".into(), pct(0.5)]);
        t.row(vec!["overall".into(), pct(1.0)]);
        let mut out = String::new();
        t.plain(&mut out);
        assert_eq!(
            out,
            "T\ntype         F1\n---------------\nPER       50.00\noverall  100.00\n\n"
        );
        let mut out = String::new();
        t.markdown(&mut out);
        assert_eq!(
            out,
            "### T\n\n| type | F1 |\n|---|---:|\n| PER | 50.00 |\n| overall | 100.00 |\n\n"
        );
    }
}
