//! Decoding and re-encoding uploads with the `image` crate (JPEG, PNG and
//! WebP only). Nothing of the upload's bytes is kept: every stored variant
//! is encoded anew from the pixels, so EXIF (GPS, camera serials), XMP and
//! ICC data are gone; the EXIF orientation is applied first.
use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use super::domain::{target_widths, PhotoError, MAX_BYTES, MAX_PIXELS};

const JPEG_QUALITY: u8 = 82;

/// One encoded size.
#[derive(Debug, Clone)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

/// The sniffed format, whatever the file's name or declared type says.
fn format_of(bytes: &[u8]) -> Result<ImageFormat, PhotoError> {
    match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => Ok(f),
        _ => Err(PhotoError::WrongType),
    }
}

/// Decodes an upload within the limits; the picture turned upright.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, PhotoError> {
    if bytes.len() > MAX_BYTES {
        return Err(PhotoError::TooLarge);
    }
    if bytes.is_empty() {
        return Err(PhotoError::NoFile);
    }
    let format = format_of(bytes)?;
    // The JPEG decoder fills a cut-off file with grey instead of failing.
    if format == ImageFormat::Jpeg && !jpeg_complete(bytes) {
        return Err(PhotoError::Unreadable);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    // No side may exceed what the pixel budget allows for a 1-pixel strip;
    // the product is checked below, from the header, before any decoding.
    limits.max_image_width = Some(MAX_PIXELS as u32);
    limits.max_image_height = Some(MAX_PIXELS as u32);
    limits.max_alloc = Some(MAX_PIXELS * 4 + 64 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(refused)?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(PhotoError::TooManyPixels);
    }
    if w == 0 || h == 0 {
        return Err(PhotoError::Unreadable);
    }
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(refused)?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    Ok(img)
}

/// Whether a JPEG's segments and scans run through to its end marker
/// (whatever follows it, such as a motion photo's video, is ignored).
fn jpeg_complete(b: &[u8]) -> bool {
    let mut i = 2;
    loop {
        if b.get(i) != Some(&0xFF) {
            return false;
        }
        while b.get(i) == Some(&0xFF) {
            i += 1;
        }
        let Some(&marker) = b.get(i) else { return false };
        i += 1;
        match marker {
            0xD9 => return true,
            0xD0..=0xD7 | 0x01 => {}
            _ => {
                let (Some(&hi), Some(&lo)) = (b.get(i), b.get(i + 1)) else { return false };
                i += usize::from(u16::from_be_bytes([hi, lo]));
                // Start of scan: entropy-coded data up to the next marker
                // (0xFF00 is a stuffed byte, 0xFFD0..D7 restart markers).
                if marker == 0xDA {
                    loop {
                        let (Some(&x), Some(&y)) = (b.get(i), b.get(i + 1)) else { return false };
                        if x == 0xFF && y != 0x00 && !(0xD0..=0xD7).contains(&y) {
                            break;
                        }
                        i += 1;
                    }
                }
            }
        }
    }
}

fn refused(e: image::ImageError) -> PhotoError {
    match e {
        image::ImageError::Limits(_) => PhotoError::TooManyPixels,
        image::ImageError::Unsupported(_) => PhotoError::WrongType,
        _ => PhotoError::Unreadable,
    }
}

/// Whether any pixel is not fully opaque (a logo on a transparent ground).
fn transparent(img: &DynamicImage) -> bool {
    img.color().has_alpha() && img.to_rgba8().pixels().any(|p| p.0[3] < 255)
}

/// The stored sizes: JPEG, or PNG where transparency has to survive.
pub fn variants(img: &DynamicImage) -> Result<Vec<Variant>, PhotoError> {
    let alpha = transparent(img);
    let mut out = Vec::new();
    for width in target_widths(img.width()) {
        let height = ((u64::from(img.height()) * u64::from(width) + u64::from(img.width()) / 2) / u64::from(img.width())).max(1) as u32;
        let sized = if width == img.width() { img.clone() } else { img.resize_exact(width, height, FilterType::Triangle) };
        let mut bytes = Vec::new();
        let mime = if alpha {
            sized.to_rgba8().write_with_encoder(PngEncoder::new(&mut bytes)).map_err(|_| PhotoError::Unreadable)?;
            "image/png"
        } else {
            sized.to_rgb8().write_with_encoder(JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY)).map_err(|_| PhotoError::Unreadable)?;
            "image/jpeg"
        };
        out.push(Variant { width, height: sized.height(), mime, bytes });
    }
    Ok(out)
}

/// Decode and re-encode, as one blocking job.
pub fn process(bytes: &[u8]) -> Result<Vec<Variant>, PhotoError> {
    variants(&decode(bytes)?)
}

/// Images decoded at once at most, across uploads and imports: a
/// 40-megapixel image takes some 400-500 MB while decoded.
pub const CONCURRENT_DECODES: usize = 2;

fn decode_permits() -> &'static std::sync::Arc<tokio::sync::Semaphore> {
    static S: std::sync::OnceLock<std::sync::Arc<tokio::sync::Semaphore>> = std::sync::OnceLock::new();
    S.get_or_init(|| std::sync::Arc::new(tokio::sync::Semaphore::new(CONCURRENT_DECODES)))
}

static DECODING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static DECODING_PEAK: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// `process` on a blocking thread once a decode permit is free.
pub async fn process_bounded(bytes: Vec<u8>) -> Result<Result<Vec<Variant>, PhotoError>, tokio::task::JoinError> {
    use std::sync::atomic::Ordering::SeqCst;
    // The permit goes with the work, so an upload whose client went away
    // still holds its slot until its decode ends.
    let permit = decode_permits().clone().acquire_owned().await.expect("the decode semaphore is never closed");
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let now = DECODING.fetch_add(1, SeqCst) + 1;
        DECODING_PEAK.fetch_max(now, SeqCst);
        let out = process(&bytes);
        DECODING.fetch_sub(1, SeqCst);
        out
    })
    .await
}

/// The most images ever decoded at once in this process.
pub fn decode_peak() -> usize {
    DECODING_PEAK.load(std::sync::atomic::Ordering::SeqCst)
}

pub fn ext_of(mime: &str) -> &'static str {
    if mime == "image/png" { "png" } else { "jpg" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, y| Rgb([(x % 255) as u8, (y % 255) as u8, 90]));
        let mut out = Vec::new();
        img.write_with_encoder(JpegEncoder::new_with_quality(&mut out, 80)).unwrap();
        out
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_burst_of_uploads_decodes_at_most_two_images_at_once() {
        let img = jpeg(1200, 800);
        let jobs: Vec<_> = (0..4 * CONCURRENT_DECODES).map(|_| tokio::spawn(process_bounded(img.clone()))).collect();
        for j in jobs {
            assert!(j.await.unwrap().unwrap().is_ok());
        }
        assert!((1..=CONCURRENT_DECODES).contains(&decode_peak()), "{} at once", decode_peak());
    }

    #[test]
    fn sizes_are_never_upscaled_and_keep_the_ratio() {
        let v = process(&jpeg(800, 400)).unwrap();
        let sizes: Vec<_> = v.iter().map(|v| (v.width, v.height, v.mime)).collect();
        assert_eq!(sizes, vec![(320, 160, "image/jpeg"), (640, 320, "image/jpeg"), (800, 400, "image/jpeg")]);
    }

    #[test]
    fn transparency_stays_png() {
        let img = RgbaImage::from_fn(100, 50, |x, _| Rgba([10, 20, 30, if x < 50 { 0 } else { 255 }]));
        let mut bytes = Vec::new();
        img.write_with_encoder(PngEncoder::new(&mut bytes)).unwrap();
        let v = process(&bytes).unwrap();
        assert_eq!(v.iter().map(|v| v.mime).collect::<Vec<_>>(), vec!["image/png"]);
    }

    #[test]
    fn refusals() {
        assert_eq!(process(b"GIF89a\x01\x00\x01\x00").unwrap_err(), PhotoError::WrongType);
        assert_eq!(process(b"<svg xmlns='http://www.w3.org/2000/svg'/>").unwrap_err(), PhotoError::WrongType);
        assert_eq!(process(b"just text, named foto.jpg").unwrap_err(), PhotoError::WrongType);
        let whole = jpeg(300, 200);
        assert!(jpeg_complete(&whole));
        for cut in [whole.len() / 3, whole.len() / 2, whole.len() - 2] {
            assert_eq!(process(&whole[..cut]).unwrap_err(), PhotoError::Unreadable, "JPEG cut at {cut}");
        }
        let mut png = Vec::new();
        RgbImage::from_fn(300, 200, |x, y| Rgb([(x % 255) as u8, (y % 255) as u8, 3])).write_with_encoder(PngEncoder::new(&mut png)).unwrap();
        assert_eq!(process(&png[..png.len() / 2]).unwrap_err(), PhotoError::Unreadable, "PNG cut");
        let mut webp = Vec::new();
        RgbaImage::from_fn(300, 200, |x, y| Rgba([(x % 255) as u8, (y % 255) as u8, 3, 255]))
            .write_with_encoder(image::codecs::webp::WebPEncoder::new_lossless(&mut webp))
            .unwrap();
        assert_eq!(process(&webp[..webp.len() / 2]).unwrap_err(), PhotoError::Unreadable, "WebP cut");
        assert_eq!(process(&vec![0xFF; MAX_BYTES + 1]).unwrap_err(), PhotoError::TooLarge);
    }
}
