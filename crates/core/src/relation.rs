use serde::{Deserialize, Serialize};
use std::fmt;

/// What a sentence says its source actor does to, or thinks of, its target:
/// the three classes of a directed relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RelationLabel {
    /// Blames, criticises, threatens, sanctions, protests to, opposes.
    Negative,
    /// No polar relation.
    None,
    /// Endorses, praises, supports, cooperates with, concedes to.
    Positive,
}

impl RelationLabel {
    /// All classes, in the order of the model's outputs.
    pub const ALL: [RelationLabel; 3] = [
        RelationLabel::Negative,
        RelationLabel::None,
        RelationLabel::Positive,
    ];

    /// Index of the class in [`RelationLabel::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Lower-case name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            RelationLabel::Negative => "negative",
            RelationLabel::None => "none",
            RelationLabel::Positive => "positive",
        }
    }

    /// True for negative and positive.
    pub fn is_polar(self) -> bool {
        self != RelationLabel::None
    }
}

impl fmt::Display for RelationLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Probabilities of the three relation classes (they sum to one).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct RelationScores {
    /// Probability of [`RelationLabel::Negative`].
    pub negative: f32,
    /// Probability of [`RelationLabel::None`].
    pub none: f32,
    /// Probability of [`RelationLabel::Positive`].
    pub positive: f32,
}

impl RelationScores {
    /// Scores from probabilities in [`RelationLabel::ALL`] order.
    pub fn from_array(p: [f32; 3]) -> RelationScores {
        RelationScores {
            negative: p[0],
            none: p[1],
            positive: p[2],
        }
    }

    /// Probabilities in [`RelationLabel::ALL`] order.
    pub fn to_array(self) -> [f32; 3] {
        [self.negative, self.none, self.positive]
    }

    /// The most probable class (ties go to the earlier class).
    pub fn argmax(self) -> RelationLabel {
        let p = self.to_array();
        let mut best = 0;
        for i in 1..3 {
            if p[i] > p[best] {
                best = i;
            }
        }
        RelationLabel::ALL[best]
    }
}

/// A directed relation between two mentions of one sentence: `source` and
/// `target` index the document's entities (in a sentence's `relations`) or
/// its user targets (in `target_relations`).
///
/// ```
/// use stancetag_core::{Relation, RelationLabel, RelationScores};
/// let r = Relation::predicted(0, 2, RelationScores::from_array([0.7, 0.2, 0.1]));
/// assert_eq!(r.label, RelationLabel::Negative);
/// let json = serde_json::to_string(&r).unwrap();
/// assert_eq!(json, r#"{"source":0,"target":2,"label":"negative","scores":{"negative":0.7,"none":0.2,"positive":0.1}}"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// The mention that acts or speaks.
    pub source: usize,
    /// The mention it acts on or speaks of.
    pub target: usize,
    /// The class.
    pub label: RelationLabel,
    /// The model's probabilities (absent in gold files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scores: Option<RelationScores>,
}

impl Relation {
    /// A prediction: the label is the most probable class.
    pub fn predicted(source: usize, target: usize, scores: RelationScores) -> Relation {
        Relation {
            source,
            target,
            label: scores.argmax(),
            scores: Some(scores),
        }
    }
}
