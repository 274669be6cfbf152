//! Multipart bodies as browsers send them, and test images.
use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage};

pub const BOUNDARY: &str = "scd-test-boundary-7MA4YWxkTrZu0gW";

pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 120]));
    let mut out = Vec::new();
    img.write_with_encoder(JpegEncoder::new_with_quality(&mut out, 85)).unwrap();
    out
}

/// A JPEG carrying an Exif APP1 segment: orientation 6 (turn 90° clockwise)
/// and a GPS directory whose text is "GPSSECRET-4711".
pub fn jpeg_with_exif(w: u32, h: u32) -> Vec<u8> {
    let mut tiff: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend(2u16.to_be_bytes());
    tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]);
    tiff.extend([0x88, 0x25, 0, 4, 0, 0, 0, 1]);
    tiff.extend(38u32.to_be_bytes());
    tiff.extend(0u32.to_be_bytes());
    tiff.extend(1u16.to_be_bytes());
    tiff.extend([0x00, 0x1B, 0, 7]);
    tiff.extend(14u32.to_be_bytes());
    tiff.extend(56u32.to_be_bytes());
    tiff.extend(0u32.to_be_bytes());
    tiff.extend(b"GPSSECRET-4711");
    let mut seg = b"Exif\0\0".to_vec();
    seg.extend(tiff);
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend(((seg.len() + 2) as u16).to_be_bytes());
    app1.extend(seg);
    let plain = jpeg(w, h);
    // After SOI and the JFIF APP0 segment.
    let app0_end = 4 + u16::from_be_bytes([plain[4], plain[5]]) as usize;
    let mut out = plain[..app0_end].to_vec();
    out.extend(app1);
    out.extend(&plain[app0_end..]);
    out
}

/// A multipart body: the fields, then the file (`datei`) as (name, type, bytes).
pub fn multipart(fields: &[(&str, &str)], file: Option<(&str, &str, &[u8])>) -> Vec<u8> {
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes());
    }
    if let Some((name, ctype, bytes)) = file {
        body.extend(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"datei\"; filename=\"{name}\"\r\nContent-Type: {ctype}\r\n\r\n").as_bytes());
        body.extend(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}
