//! Statistics of timing measurements: median, percentiles, spread and rates,
//! as used by `stancetag bench`.
//!
//! All of them are pure functions with defined behaviour on empty input
//! (`None`, or 0 for a rate over no time) and ignore NaN values.

use serde::{Deserialize, Serialize};

/// The `p`-th percentile (`p` in `[0, 100]`, clamped) of `values`, with
/// linear interpolation between the two nearest ranks (NumPy's default
/// `linear` method: rank `p / 100 * (n - 1)` of the sorted values). `None`
/// when there are no values; NaN values are left out.
///
/// ```
/// use stancetag_evaluation::percentile;
/// assert_eq!(percentile(&[4.0, 1.0, 3.0, 2.0], 50.0), Some(2.5));
/// assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0, 5.0], 75.0), Some(4.0));
/// assert_eq!(percentile(&[], 50.0), None);
/// ```
pub fn percentile(values: &[f64], p: f64) -> Option<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let p = if p.is_nan() {
        50.0
    } else {
        p.clamp(0.0, 100.0)
    };
    let rank = p / 100.0 * (sorted.len() - 1) as f64;
    let lo = rank.floor() as usize;
    let hi = rank.ceil() as usize;
    let frac = rank - lo as f64;
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * frac)
}

/// The median of `values` (the mean of the two middle values for an even
/// count); `None` when there are none.
///
/// ```
/// use stancetag_evaluation::median;
/// assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
/// assert_eq!(median(&[]), None);
/// ```
pub fn median(values: &[f64]) -> Option<f64> {
    percentile(values, 50.0)
}

/// A measurement repeated several times: its median and its range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// The median of the values.
    pub median: f64,
    /// The smallest value.
    pub min: f64,
    /// The largest value.
    pub max: f64,
    /// How many values there were (NaN values left out).
    pub n: usize,
}

impl Spread {
    /// The spread of `values`; `None` when there are none (or only NaN).
    ///
    /// ```
    /// use stancetag_evaluation::Spread;
    /// let s = Spread::of(&[120.0, 100.0, 130.0]).unwrap();
    /// assert_eq!((s.median, s.min, s.max, s.n), (120.0, 100.0, 130.0, 3));
    /// assert_eq!(Spread::of(&[]), None);
    /// ```
    pub fn of(values: &[f64]) -> Option<Spread> {
        let kept: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
        Some(Spread {
            median: median(&kept)?,
            min: kept.iter().copied().fold(f64::INFINITY, f64::min),
            max: kept.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            n: kept.len(),
        })
    }

    /// The range as a share of the median, `(max - min) / median`; 0 when
    /// the median is 0.
    ///
    /// ```
    /// use stancetag_evaluation::Spread;
    /// let s = Spread::of(&[90.0, 100.0, 110.0]).unwrap();
    /// assert!((s.relative_range() - 0.2).abs() < 1e-12);
    /// ```
    pub fn relative_range(&self) -> f64 {
        crate::ratio(self.max - self.min, self.median)
    }
}

/// Items per second: `count / seconds`, 0 when `seconds` is not positive.
///
/// ```
/// use stancetag_evaluation::per_second;
/// assert_eq!(per_second(300, 2.0), 150.0);
/// assert_eq!(per_second(300, 0.0), 0.0);
/// ```
pub fn per_second(count: usize, seconds: f64) -> f64 {
    if seconds > 0.0 {
        count as f64 / seconds
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_input_is_none() {
        assert_eq!(percentile(&[], 95.0), None);
        assert_eq!(median(&[]), None);
        assert_eq!(Spread::of(&[]), None);
        assert_eq!(Spread::of(&[f64::NAN]), None);
    }

    #[test]
    fn one_value_is_every_percentile() {
        for p in [0.0, 50.0, 95.0, 100.0] {
            assert_eq!(percentile(&[7.5], p), Some(7.5));
        }
        let s = Spread::of(&[7.5]).unwrap();
        assert_eq!((s.median, s.min, s.max, s.n), (7.5, 7.5, 7.5, 1));
    }

    #[test]
    fn percentiles_interpolate_between_ranks() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        // rank 0.95 * 99 = 94.05: between 95 and 96.
        assert!((percentile(&v, 95.0).unwrap() - 95.05).abs() < 1e-9);
        assert_eq!(percentile(&v, 0.0), Some(1.0));
        assert_eq!(percentile(&v, 100.0), Some(100.0));
        assert_eq!(median(&v), Some(50.5));
    }

    #[test]
    fn order_does_not_matter() {
        let a = [5.0, 1.0, 4.0, 2.0, 3.0];
        let b = [1.0, 2.0, 3.0, 4.0, 5.0];
        for p in [10.0, 50.0, 90.0] {
            assert_eq!(percentile(&a, p), percentile(&b, p));
        }
        assert_eq!(median(&a), Some(3.0));
    }

    #[test]
    fn out_of_range_percentiles_are_clamped() {
        let v = [1.0, 2.0, 3.0];
        assert_eq!(percentile(&v, -5.0), Some(1.0));
        assert_eq!(percentile(&v, 150.0), Some(3.0));
        assert_eq!(percentile(&v, f64::NAN), Some(2.0));
    }

    #[test]
    fn nan_values_are_left_out() {
        let v = [f64::NAN, 1.0, 3.0];
        assert_eq!(median(&v), Some(2.0));
        let s = Spread::of(&v).unwrap();
        assert_eq!((s.min, s.max, s.n), (1.0, 3.0, 2));
    }

    #[test]
    fn spread_and_relative_range() {
        let s = Spread::of(&[2.0, 4.0]).unwrap();
        assert_eq!((s.median, s.min, s.max), (3.0, 2.0, 4.0));
        assert!((s.relative_range() - 2.0 / 3.0).abs() < 1e-12);
        let zero = Spread::of(&[0.0, 0.0]).unwrap();
        assert_eq!(zero.relative_range(), 0.0);
    }

    #[test]
    fn rates_over_no_time_are_zero() {
        assert_eq!(per_second(10, 0.5), 20.0);
        assert_eq!(per_second(10, 0.0), 0.0);
        assert_eq!(per_second(10, -1.0), 0.0);
        assert_eq!(per_second(0, 1.0), 0.0);
    }
}
