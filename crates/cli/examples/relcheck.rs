use stancetag_core::RelationScores;
use stancetag_evaluation::{join_directions, read_directed, score_directed};
use stancetag_inference::{Device, RelationHead, StanceModel};
use stancetag_preprocess::words;
use std::path::Path;

fn main() {
    let stance = Path::new("models/stance");
    let rel = std::env::args().nth(1).unwrap();
    let mut model = StanceModel::load(stance, None, Device::Cpu).unwrap();
    let head = RelationHead::load(Path::new(&rel), stance, Device::Cpu).unwrap();
    let (mut valid, _) = read_directed(
        Path::new(
            &std::env::var("DS").unwrap_or("../shared/data/directed-sentiment/valid.txt".into()),
        ),
        true,
    )
    .unwrap();
    if let Ok(n) = std::env::var("N") {
        valid.truncate(n.parse().unwrap());
    }
    let mut predicted = vec![0usize; valid.len()];
    for (i, ex) in valid.iter().enumerate() {
        let spans = words(&ex.text);
        let (Some(p), Some(q)) = (ex.p.word_range(&spans), ex.q.word_range(&spans)) else {
            continue;
        };
        let w: Vec<&str> = spans.iter().map(|s| &ex.text[s.range()]).collect();
        let e = model.pieces().encode(&w).unwrap();
        let ranges = StanceModel::piece_ranges(&e, &[p, q]);
        let f = model
            .pair_features(&[&e], &[ranges], &[vec![(0, 1), (1, 0)]])
            .unwrap()
            .unwrap();
        let probs = head.probabilities(&f).unwrap();
        if i < 0 {
            println!("{i} p={p:?} q={q:?} {:?}", probs);
        }
        predicted[i] = join_directions(
            RelationScores::from_array(probs[0]),
            RelationScores::from_array(probs[1]),
        );
        let c = |b: usize| ex.text[..b].chars().count();
        eprintln!(
            "{}",
            serde_json::json!({"id": i, "text": ex.text, "targets": [{"start": c(ex.p.start), "end": c(ex.p.end)}, {"start": c(ex.q.start), "end": c(ex.q.end)}], "pred": predicted[i], "gold": ex.class, "probs": probs})
        );
    }
    println!(
        "macro-F1 {:.4}",
        score_directed(&valid, &predicted).macro_f1
    );
    let _ = &mut model;
}
