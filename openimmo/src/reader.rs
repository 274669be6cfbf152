//! Streaming reader: walks the XML events once, keeps only the `immobilie`
//! being read as a small tree, and hands each finished one to the mapper.
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::decode::{decode, line_col};
use crate::map;
use crate::model::{Anbieter, Document, Umfang};
use crate::{Limits, ParseError, Parsed, Report};

/// One element of an `immobilie`, names lower-cased, text trimmed.
#[derive(Debug, Default)]
pub(crate) struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Node>,
    pub line: usize,
}

/// Byte offset to line, incrementally (offsets only grow while reading).
struct Lines<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
}

impl Lines<'_> {
    fn at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset >= self.offset {
            self.line += memchr_count(&self.text.as_bytes()[self.offset..offset]);
            self.offset = offset;
            self.line
        } else {
            line_col(self.text, offset).0
        }
    }
}

fn memchr_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}

enum Capture {
    None,
    AnbieterField(&'static str),
}

struct State<'a> {
    limits: &'a Limits,
    doc: Document,
    report: Report,
    /// Open element names, outermost first.
    stack: Vec<String>,
    /// The `immobilie` being read, outermost first.
    tree: Vec<Node>,
    nodes_in_listing: usize,
    capture: Capture,
    captured: String,
    root_done: bool,
    listing_index: usize,
}

pub(crate) fn parse(bytes: &[u8], limits: &Limits) -> Result<Parsed, ParseError> {
    if bytes.len() > limits.max_input_bytes {
        return Err(ParseError::whole(format!(
            "document is {} bytes, more than the limit of {} bytes",
            bytes.len(),
            limits.max_input_bytes
        )));
    }
    let (text, encoding) = decode(bytes).map_err(ParseError::whole)?;
    let mut st = State {
        limits,
        doc: Document::default(),
        report: Report { encoding, ..Report::default() },
        stack: Vec::new(),
        tree: Vec::new(),
        nodes_in_listing: 0,
        capture: Capture::None,
        captured: String::new(),
        root_done: false,
        listing_index: 0,
    };
    let mut lines = Lines { text: &text, offset: 0, line: 1 };
    let mut reader = Reader::from_str(&text);
    loop {
        let before = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => return Err(st.error(&text, reader.error_position() as usize, e.to_string())),
        };
        let fail = |st: &State, msg: String| st.error(&text, before, msg);
        match event {
            Event::Start(e) => {
                let line = lines.at(before);
                st.open(&e, line).map_err(|m| fail(&st, m))?;
            }
            Event::Empty(e) => {
                let line = lines.at(before);
                st.open(&e, line).map_err(|m| fail(&st, m))?;
                st.close().map_err(|m| fail(&st, m))?;
            }
            Event::End(_) => st.close().map_err(|m| fail(&st, m))?,
            Event::Text(t) => st.text(&t.xml10_content()).map_err(|m| fail(&st, m))?,
            Event::CData(c) => st.text(&c.xml10_content()).map_err(|m| fail(&st, m))?,
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match resolve_predefined_entity(&r) {
                        Some(s) => s.to_owned(),
                        None => return Err(fail(&st, format!("unknown entity &{};", &*r))),
                    },
                    Err(e) => return Err(fail(&st, e.to_string())),
                };
                st.text(&resolved).map_err(|m| fail(&st, m))?;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = st.stack.last() {
        return Err(st.error(&text, text.len(), format!("document ends before </{open}>")));
    }
    if !st.root_done {
        return Err(st.error(&text, text.len(), "no <openimmo> root element".to_owned()));
    }
    st.report.listings = st.doc.listings().count();
    Ok(Parsed { document: st.doc, report: st.report })
}

impl State<'_> {
    fn error(&self, text: &str, offset: usize, message: String) -> ParseError {
        let (line, column) = line_col(text, offset);
        ParseError { line, column, element: self.stack.last().cloned(), message }
    }

    fn open(&mut self, e: &BytesStart, line: usize) -> Result<(), String> {
        let name = e.local_name().into_inner().to_ascii_lowercase();
        if self.stack.len() >= self.limits.max_depth {
            return Err(format!("elements nested deeper than {} levels", self.limits.max_depth));
        }
        if self.stack.is_empty() {
            if self.root_done {
                return Err(format!("second root element <{name}>"));
            }
            if name != "openimmo" {
                return Err(format!("root element is <{name}>, expected <openimmo>"));
            }
        }
        let attrs = attributes(e, self.limits.max_attributes)?;
        if !self.tree.is_empty() {
            self.nodes_in_listing += 1;
            if self.nodes_in_listing > self.limits.max_nodes_per_listing {
                return Err(format!("listing has more than {} elements", self.limits.max_nodes_per_listing));
            }
            self.tree.push(Node { name: name.clone(), attrs, line, ..Node::default() });
        } else {
            self.open_outside_listing(&name, attrs, line)?;
        }
        self.stack.push(name);
        Ok(())
    }

    fn open_outside_listing(&mut self, name: &str, attrs: Vec<(String, String)>, line: usize) -> Result<(), String> {
        let parent = self.stack.last().map(String::as_str);
        match (self.stack.len(), parent, name) {
            (0, _, _) => {}
            (1, _, "uebertragung") => {
                let u = &mut self.doc.uebertragung;
                let get = |k: &str| map::attr_in(&attrs, k).map(str::to_owned);
                u.umfang = match get("umfang").map(|s| s.to_ascii_uppercase()).as_deref() {
                    Some("VOLL") => Some(Umfang::Voll),
                    Some("TEIL") => Some(Umfang::Teil),
                    Some(other) => return Err(format!("umfang=\"{other}\" is neither VOLL nor TEIL")),
                    None => None,
                };
                u.version = get("version");
                u.art = get("art");
                u.modus = get("modus");
                u.sendersoftware = get("sendersoftware");
                u.senderversion = get("senderversion");
                u.timestamp = get("timestamp");
            }
            (1, _, "anbieter") => self.doc.anbieter.push(Anbieter::default()),
            (2, Some("anbieter"), "immobilie") => {
                self.nodes_in_listing = 1;
                if self.report.listings_seen >= self.limits.max_listings {
                    return Err(format!("more than {} listings", self.limits.max_listings));
                }
                self.report.listings_seen += 1;
                self.tree.push(Node { name: name.to_owned(), attrs, line, ..Node::default() });
            }
            (2, Some("anbieter"), f @ ("anbieternr" | "firma" | "openimmo_anid" | "lizenzkennung")) => {
                self.capture = Capture::AnbieterField(match f {
                    "anbieternr" => "anbieternr",
                    "firma" => "firma",
                    "openimmo_anid" => "openimmo_anid",
                    _ => "lizenzkennung",
                });
                self.captured.clear();
            }
            (1 | 2, Some(p), _) => self.report.unknown(&format!("{p}/{name}")),
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, s: &str) -> Result<(), String> {
        let limit = self.limits.max_text_bytes;
        let buf = if let Some(node) = self.tree.last_mut() {
            &mut node.text
        } else if matches!(self.capture, Capture::AnbieterField(_)) {
            &mut self.captured
        } else {
            return Ok(());
        };
        if buf.len() + s.len() > limit {
            return Err(format!("text longer than {limit} bytes"));
        }
        buf.push_str(&crate::decode::xml_chars(s));
        Ok(())
    }

    fn close(&mut self) -> Result<(), String> {
        self.stack.pop();
        if self.stack.is_empty() {
            self.root_done = true;
        }
        if let Some(mut node) = self.tree.pop() {
            trim_in_place(&mut node.text);
            match self.tree.last_mut() {
                Some(parent) => parent.children.push(node),
                None => self.finish_listing(node),
            }
            return Ok(());
        }
        if let Capture::AnbieterField(field) = std::mem::replace(&mut self.capture, Capture::None) {
            let value = Some(self.captured.trim().to_owned()).filter(|v| !v.is_empty());
            if let Some(a) = self.doc.anbieter.last_mut() {
                match field {
                    "anbieternr" => a.anbieternr = value,
                    "firma" => a.firma = value,
                    "openimmo_anid" => a.openimmo_anid = value,
                    _ => a.lizenzkennung = value,
                }
            }
        }
        Ok(())
    }

    fn finish_listing(&mut self, node: Node) {
        self.listing_index += 1;
        let mut cx = map::Cx { report: &mut self.report, max_warnings: self.limits.max_warnings };
        match map::listing(&node, &mut cx) {
            Ok(listing) => {
                if let Some(a) = self.doc.anbieter.last_mut() {
                    a.immobilien.push(listing);
                }
            }
            Err(skip) => self.report.skipped.push(crate::Skipped {
                index: self.listing_index,
                line: node.line,
                key: skip.key,
                reason: skip.reason,
            }),
        }
    }
}

fn trim_in_place(s: &mut String) {
    let end = s.trim_end().len();
    s.truncate(end);
    let start = s.len() - s.trim_start().len();
    if start > 0 {
        s.drain(..start);
    }
}

fn attributes(e: &BytesStart, max: usize) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for attr in e.attributes() {
        let attr = attr.map_err(|err| err.to_string())?;
        if out.len() >= max {
            return Err(format!("more than {max} attributes"));
        }
        let key = attr.key.local_name().into_inner().to_owned();
        let value = attr.normalized_value(XmlVersion::Implicit1_0).map_err(|err| err.to_string())?;
        out.push((key, crate::decode::xml_chars(value.trim()).into_owned()));
    }
    Ok(out)
}
