use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The three-way polarity used for sentence sentiment and entity stance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    /// Spoken of unfavourably.
    Negative,
    /// Neither favourable nor unfavourable.
    Neutral,
    /// Spoken of favourably.
    Positive,
}

impl Polarity {
    /// All classes, in the order of the model's outputs.
    pub const ALL: [Polarity; 3] = [Polarity::Negative, Polarity::Neutral, Polarity::Positive];

    /// Index of the class in [`Polarity::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Lower-case name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Negative => "negative",
            Polarity::Neutral => "neutral",
            Polarity::Positive => "positive",
        }
    }
}

impl fmt::Display for Polarity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Polarity {
    type Err = String;

    /// Parses `negative`, `neutral`, `positive` (any case) and the short
    /// forms `neg`, `neu`, `pos`.
    ///
    /// ```
    /// use stancetag_core::Polarity;
    /// assert_eq!("Pos".parse::<Polarity>(), Ok(Polarity::Positive));
    /// assert!("good".parse::<Polarity>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Polarity, String> {
        match s.to_ascii_lowercase().as_str() {
            "negative" | "neg" => Ok(Polarity::Negative),
            "neutral" | "neu" => Ok(Polarity::Neutral),
            "positive" | "pos" => Ok(Polarity::Positive),
            _ => Err(format!(
                "expected negative, neutral or positive, found {s:?}"
            )),
        }
    }
}

/// Probabilities of the three classes (they sum to one).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct PolarityScores {
    /// Probability of [`Polarity::Negative`].
    pub negative: f32,
    /// Probability of [`Polarity::Neutral`].
    pub neutral: f32,
    /// Probability of [`Polarity::Positive`].
    pub positive: f32,
}

impl PolarityScores {
    /// Scores from probabilities in [`Polarity::ALL`] order.
    pub fn from_array(p: [f32; 3]) -> PolarityScores {
        PolarityScores {
            negative: p[0],
            neutral: p[1],
            positive: p[2],
        }
    }

    /// Probabilities in [`Polarity::ALL`] order.
    pub fn to_array(self) -> [f32; 3] {
        [self.negative, self.neutral, self.positive]
    }

    /// The most probable class (ties go to the earlier class).
    pub fn argmax(self) -> Polarity {
        let p = self.to_array();
        let mut best = 0;
        for i in 1..3 {
            if p[i] > p[best] {
                best = i;
            }
        }
        Polarity::ALL[best]
    }
}

/// A polarity label, with the model's probabilities when it came from a model.
///
/// Gold files carry only the label; `scores` is then absent.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Scored {
    /// The label.
    pub label: Polarity,
    /// The class probabilities behind it, if predicted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scores: Option<PolarityScores>,
}

impl Scored {
    /// A prediction: the label is the most probable class.
    pub fn predicted(scores: PolarityScores) -> Scored {
        Scored {
            label: scores.argmax(),
            scores: Some(scores),
        }
    }

    /// A gold label without scores.
    pub fn gold(label: Polarity) -> Scored {
        Scored {
            label,
            scores: None,
        }
    }
}
