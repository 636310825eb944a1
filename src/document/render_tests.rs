//! Table tests of the format-preserving writer: input text, an edit, the exact output text.

use serde_json::{Value, json};

use super::*;
use crate::document::Format;

fn src(text: &str) -> Source {
    Source::parse("t.json", text.to_owned(), Format::Json).unwrap()
}

fn ptr(s: &str) -> Pointer {
    Pointer::parse(s).unwrap()
}

/// Applies `edit` to the parsed input and renders the result.
fn run(text: &str, edit: impl FnOnce(&mut Value, &mut Origins)) -> String {
    let s = src(text);
    let mut v = s.value.clone();
    let mut origins = Origins::default();
    edit(&mut v, &mut origins);
    s.write(&v, &origins)
}

#[test]
fn unchanged_documents_are_byte_identical() {
    let text = "{\n    \"a\" :  0.003921569,\n\"b\": [1,2]   }";
    assert_eq!(run(text, |_, _| {}), text);
}

#[test]
fn renamed_member_keeps_its_place_and_neighbours() {
    let text = "{\n  \"a\": 1,\n  \"norm_type\": null,\n  \"b\": 2\n}\n";
    let out = run(text, |v, _| {
        let m = v.as_object_mut().unwrap();
        m.shift_remove("norm_type");
        m.shift_insert(1, "value_scaling".into(), Value::Null);
    });
    assert_eq!(
        out,
        "{\n  \"a\": 1,\n  \"value_scaling\": null,\n  \"b\": 2\n}\n"
    );
}

#[test]
fn new_members_borrow_sibling_layout() {
    let text = "{\n  \"roles\": [\n    \"mlm:model\"\n  ]\n}";
    let out = run(text, |v, _| {
        v["mlm:artifact_type"] = json!("torch.save");
        v["new"] = json!({"a": [1, 2]});
    });
    assert_eq!(
        out,
        "{\n  \"roles\": [\n    \"mlm:model\"\n  ],\n  \"mlm:artifact_type\": \"torch.save\",\n  \"new\": {\n    \"a\": [\n      1,\n      2\n    ]\n  }\n}"
    );
}

#[test]
fn statistics_to_value_scaling_touches_only_new_lines() {
    let text = "{\n  \"norm_type\": \"z-score\",\n  \"statistics\": [\n    {\n      \"mean\": 1.0,\n      \"stddev\": 0.50\n    }\n  ]\n}\n";
    let out = run(text, |v, origins| {
        let m = v.as_object_mut().unwrap();
        m.shift_remove("norm_type");
        let mut stats = m.shift_remove("statistics").unwrap();
        let e = stats[0].as_object_mut().unwrap();
        e.shift_insert(0, "type".into(), json!("z-score"));
        m.shift_insert(0, "value_scaling".into(), stats);
        origins.insert(ptr("/value_scaling"), ptr("/statistics"));
    });
    assert_eq!(
        out,
        "{\n  \"value_scaling\": [\n    {\n      \"type\": \"z-score\",\n      \"mean\": 1.0,\n      \"stddev\": 0.50\n    }\n  ]\n}\n"
    );
}

#[test]
fn moved_block_is_reindented() {
    let text = "{\n  \"p\": {\n    \"rb\": [\n      {\"name\": \"B1\", \"scale\": 1e-4}\n    ]\n  },\n  \"a\": {\n    \"w\": {\n      \"href\": \"x\"\n    }\n  }\n}\n";
    let out = run(text, |v, origins| {
        let rb = v["p"].as_object_mut().unwrap().shift_remove("rb").unwrap();
        v["a"]["w"]["rb"] = rb;
        origins.insert(ptr("/a/w/rb"), ptr("/p/rb"));
    });
    assert_eq!(
        out,
        "{\n  \"p\": {},\n  \"a\": {\n    \"w\": {\n      \"href\": \"x\",\n      \"rb\": [\n        {\"name\": \"B1\", \"scale\": 1e-4}\n      ]\n    }\n  }\n}\n"
    );
}

#[test]
fn inline_arrays_and_compact_documents_stay_inline() {
    let out = run("{\"shape\": [-1, 13, 64, 64]}\n", |v, _| {
        v["shape"][1] = json!(4)
    });
    assert_eq!(out, "{\"shape\": [-1, 4, 64, 64]}\n");
    let out = run("{\"a\":1,\"b\":[\"x\"]}", |v, _| {
        v["b"].as_array_mut().unwrap().push(json!("y"));
        v["c"] = json!({"d": true});
    });
    assert_eq!(out, "{\"a\":1,\"b\":[\"x\", \"y\"],\"c\":{\"d\":true}}");
}

#[test]
fn removed_array_items_keep_the_others_verbatim() {
    let text = "{\n  \"roles\": [\n    \"mlm:model\",\n    \"code\",\n    \"metadata\"\n  ]\n}";
    let out = run(text, |v, _| {
        v["roles"].as_array_mut().unwrap().remove(0);
    });
    assert_eq!(
        out,
        "{\n  \"roles\": [\n    \"code\",\n    \"metadata\"\n  ]\n}"
    );
}

#[test]
fn empty_containers_grow_in_document_style() {
    let text = "{\n  \"x\": {},\n  \"y\": []\n}";
    let out = run(text, |v, _| {
        v["x"]["k"] = json!(1);
        v["y"].as_array_mut().unwrap().push(json!("z"));
    });
    assert_eq!(
        out,
        "{\n  \"x\": {\n    \"k\": 1\n  },\n  \"y\": [\n    \"z\"\n  ]\n}"
    );
}

#[test]
fn ascii_only_documents_escape_new_text() {
    let out = run("{\n  \"a\": \"caf\\u00e9\"\n}", |v, _| v["b"] = json!("né"));
    assert_eq!(out, "{\n  \"a\": \"caf\\u00e9\",\n  \"b\": \"n\\u00e9\"\n}");
}
