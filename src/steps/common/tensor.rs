//! Tensor layouts: which axis of a `dim_order` stacks the channels.

/// Axis names that mean "the stacked channels / bands".
const CHANNEL_NAMES: [&str; 5] = ["channel", "channels", "c", "band", "bands"];
/// Axis names that are never the channel axis.
const OTHER_NAMES: [&str; 12] = [
    "batch", "time", "t", "height", "width", "h", "w", "x", "y", "z", "depth", "class",
];

/// Index of the channel-like axis of `dim_order`.
///
/// By name first (`channel`, `channels`, `c`, `band`, `bands`); else the second axis of a
/// rank-4 layout whose other axes are batch and two spatial names (`[batch, ndvi, height,
/// width]` → 1); else the only axis that is neither batch, time nor spatial. `None` when
/// ambiguous.
pub(crate) fn channel_axis(dim_order: &[&str]) -> Option<usize> {
    if let Some(i) = dim_order.iter().position(|d| CHANNEL_NAMES.contains(d)) {
        return Some(i);
    }
    let custom: Vec<usize> = (0..dim_order.len())
        .filter(|&i| !OTHER_NAMES.contains(&dim_order[i]))
        .collect();
    if dim_order.len() == 4 && dim_order[0] == "batch" && custom == [1] {
        return Some(1);
    }
    match custom.as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_axis_table() {
        let cases: [(&[&str], Option<usize>); 6] = [
            (&["batch", "channel", "height", "width"], Some(1)),
            (&["batch", "height", "width", "channels"], Some(3)),
            (&["batch", "ndvi", "height", "width"], Some(1)),
            (&["batch", "time", "bands", "y", "x"], Some(2)),
            (&["batch", "class"], None),
            (&["batch", "a", "b", "width"], None),
        ];
        for (dims, want) in cases {
            assert_eq!(channel_axis(dims), want, "{dims:?}");
        }
    }
}
