//! Human-readable renderings of an evaluation [`Report`]: aligned terminal
//! tables and Markdown, through [`Table`].

use crate::table::Table;
use stancetag_evaluation::{ActorReport, Basis, ClassificationReport, Report};

/// A fraction as a percentage with two decimals, as conlleval prints it.
fn pct(x: f64) -> String {
    format!("{:.2}", 100.0 * x)
}

fn tables(report: &Report) -> Vec<Table> {
    let mut out = Vec::new();
    if let Some(ner) = &report.ner {
        let c = &ner.conlleval;
        let basis = match c.basis {
            Basis::Tokens => "token tags",
            Basis::Spans => "exact spans",
        };
        let mut title = format!("NER, conlleval-compatible (on {basis})");
        if let (Some(tokens), Some(acc)) = (c.tokens, c.accuracy) {
            title.push_str(&format!(": {tokens} tokens, accuracy {}%", pct(acc)));
        }
        let mut t = Table::new(&["type", "gold", "pred", "correct", "P", "R", "F1"]).titled(title);
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

        let mut t = Table::new(&[
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
        ])
        .titled("NER, SemEval-2013 schemes (micro; macro over types)");
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

        let mut t = Table::new(&["type", "strict", "exact", "partial", "type"])
            .titled("NER, SemEval-2013 F1 per type");
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
        let mut t = Table::new(&["", "gold", "pred", "correct", "P", "R", "F1"])
            .titled("Sentence boundaries (ignoring whitespace)");
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
    for (basis, a) in [
        ("on gold mentions", &report.actors_on_gold_mentions),
        (
            "on predicted mentions of the exact gold span",
            &report.actors,
        ),
    ] {
        if let Some(a) = a {
            out.push(actors(basis, a));
        }
    }
    if let Some(r) = &report.relations {
        for (what, p) in [
            ("between entities, end to end", &r.entities),
            ("between targets", &r.targets),
        ] {
            if let Some(p) = p {
                let title = format!(
                    "Relations {what} (5 classes; polar micro P {} R {} F1 {})",
                    pct(p.polar.precision),
                    pct(p.polar.recall),
                    pct(p.polar.f1)
                );
                out.extend(classification(&title, &p.classes));
            }
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
        let mut t = Table::new(&["document", "kind", "gold", "pred", "context"])
            .titled(title)
            .text_columns(5);
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

fn actors(basis: &str, a: &ActorReport) -> Table {
    let title = format!(
        "Actors ({basis}): {} of {} gold mentions scored; B-cubed F1 {} within documents, {} across",
        a.total.mentions,
        a.gold_mentions,
        pct(a.bcubed_within.f1),
        pct(a.bcubed_across.f1)
    );
    let mut t = Table::new(&[
        "document",
        "mentions",
        "correct",
        "accuracy",
        "with id",
        "id correct",
        "B3 P",
        "B3 R",
        "B3 F1",
    ])
    .titled(title);
    let row = |name: &str,
               x: &stancetag_evaluation::ActorAccuracy,
               b: Option<&stancetag_evaluation::Prf>| {
        let mut cells = vec![
            name.to_string(),
            x.mentions.to_string(),
            x.correct.to_string(),
            pct(x.accuracy),
            x.with_id.to_string(),
            x.with_id_correct.to_string(),
        ];
        match b {
            Some(b) => cells.extend([pct(b.precision), pct(b.recall), pct(b.f1)]),
            None => cells.extend(["".into(), "".into(), "".into()]),
        }
        cells
    };
    for (doc, x) in &a.per_document {
        t.row(row(doc, x, None));
    }
    t.row(row("all (B3 within)", &a.total, Some(&a.bcubed_within)));
    t.row(row("all (B3 across)", &a.total, Some(&a.bcubed_across)));
    t
}

fn classification(title: &str, s: &ClassificationReport) -> Vec<Table> {
    let head = format!(
        "{title}: {} of {} gold items matched, accuracy {}%, macro-F1 {}",
        s.matched,
        s.gold,
        pct(s.accuracy),
        pct(s.macro_f1)
    );
    let mut t = Table::new(&["class", "gold", "pred", "P", "R", "F1"]).titled(head);
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
    let mut m = Table::new(&header).titled(format!("{title}: confusion matrix"));
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
        out.push_str(&t.to_text());
        out.push('\n');
    }
    out
}

/// The report as Markdown tables, for a README; scores are percentages.
pub fn render_markdown(report: &Report) -> String {
    let mut out = format!("{} documents scored.\n\n", report.documents);
    for t in tables(report) {
        out.push_str(&t.to_markdown());
        out.push('\n');
    }
    out
}
