//! Inferring `mlm:artifact_type` (how a model file was saved) from what an asset shows; used
//! by the MLM 1.4.0 step and by the DLM reader, whose archive asset becomes the model asset.

use serde_json::Value;

use crate::kernel::pointer::Members;

/// Infers the artifact type of a model asset: `(value, evidence)`.
pub(crate) fn infer(asset: &Value, framework: Option<&str>) -> Option<(String, String)> {
    let href = asset.member("href").and_then(Value::as_str).unwrap_or("");
    let path = href
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let media = asset
        .member("type")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_ascii_lowercase();
    let fw = framework.map(str::to_ascii_lowercase).unwrap_or_default();
    let torch = fw.contains("torch") || media.contains("pytorch");
    let ext = |e: &str| path.ends_with(e);
    let by_ext = if ext(".pt2") {
        Some("torch.export.save")
    } else if ext(".pt") || ext(".pth") || ext(".ckpt") {
        if media.contains("torchscript") {
            Some("torch.jit.save")
        } else {
            Some("torch.save")
        }
    } else if ext(".keras") {
        Some("tf.keras.Model.save")
    } else if ext(".h5") {
        Some("tf.keras.Model.save_weights")
    } else {
        None
    };
    if let Some(v) = by_ext {
        let file = path.rsplit('/').next().unwrap_or(&path);
        return Some((v.to_owned(), format!("the file name `{file}`")));
    }
    if ext(".safetensors") {
        let lib = ["tensorflow", "flax", "paddle"]
            .into_iter()
            .find(|l| fw.contains(l))
            .unwrap_or("torch");
        return Some((
            format!("safetensors.{lib}.save_file"),
            format!("the `.safetensors` file and framework `{lib}`"),
        ));
    }
    if torch {
        let why = if media.contains("pytorch") {
            format!("the media type `{media}`")
        } else {
            format!("the framework `{}`", framework.unwrap_or(""))
        };
        return Some(("torch.save".to_owned(), why));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn inference_table() {
        let cases = [
            (
                json!({"href": "https://x/y/model.pth?download=1"}),
                None,
                Some("torch.save"),
            ),
            (json!({"href": "m.pt2"}), None, Some("torch.export.save")),
            (
                json!({"href": "m.keras"}),
                Some("TensorFlow"),
                Some("tf.keras.Model.save"),
            ),
            (
                json!({"href": "m.weights.h5"}),
                None,
                Some("tf.keras.Model.save_weights"),
            ),
            (
                json!({"href": "m.safetensors"}),
                Some("Flax"),
                Some("safetensors.flax.save_file"),
            ),
            (
                json!({"href": "m", "type": "application/octet-stream; application=pytorch"}),
                None,
                Some("torch.save"),
            ),
            (
                json!({"href": "https://example.com/card", "type": "text/html"}),
                Some("pytorch"),
                Some("torch.save"),
            ),
            (
                json!({"href": "https://example.com/card", "type": "text/html"}),
                None,
                None,
            ),
            (json!({"href": "m.onnx"}), Some("ONNX"), None),
        ];
        for (asset, fw, want) in cases {
            assert_eq!(
                infer(&asset, fw).map(|(v, _)| v).as_deref(),
                want,
                "{asset} {fw:?}"
            );
        }
    }
}
