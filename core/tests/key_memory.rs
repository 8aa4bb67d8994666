//! A private key's bytes are wiped before their memory is freed: this test binary's
//! allocator looks for a piece of the key's DER in every block freed while it watches.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};

use pikepay::signing::{self, PrivateKey};
use zeroize::Zeroizing;

const NEEDLE_LEN: usize = 32;

static WATCHING: AtomicBool = AtomicBool::new(false);
static NEEDLE: [AtomicU8; NEEDLE_LEN] = [const { AtomicU8::new(0) }; NEEDLE_LEN];
static FOUND: AtomicUsize = AtomicUsize::new(0);

/// The system allocator, checking freed blocks for [`NEEDLE`] while [`WATCHING`].
struct Watch;

unsafe impl GlobalAlloc for Watch {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if WATCHING.load(Ordering::Acquire) && layout.size() >= NEEDLE_LEN {
            let needle: [u8; NEEDLE_LEN] =
                std::array::from_fn(|i| NEEDLE[i].load(Ordering::Relaxed));
            // SAFETY: the block is still allocated and `layout.size()` bytes long.
            let block = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
            if block.windows(NEEDLE_LEN).any(|w| w == needle) {
                FOUND.fetch_add(1, Ordering::AcqRel);
            }
        }
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Watch = Watch;

fn test_key_pem() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/keys.json");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).expect("keys.json")).expect("JSON");
    json["keys"][0]["private_pkcs8_pem"]
        .as_str()
        .expect("PEM")
        .to_owned()
}

#[test]
fn key_bytes_are_wiped_when_keys_and_the_cache_drop_them() {
    let pem_text = test_key_pem();
    {
        // The needle: 32 bytes from the middle of the DER (private key material).
        let der = Zeroizing::new(pem::parse(&pem_text).expect("PEM").into_contents());
        let middle = der.len() / 2;
        for (slot, byte) in NEEDLE.iter().zip(&der[middle..middle + NEEDLE_LEN]) {
            slot.store(*byte, Ordering::Relaxed);
        }
    }
    WATCHING.store(true, Ordering::Release);
    let key = PrivateKey::from_pem_or_der(&pem_text).expect("key");
    let signature = key.sign(b"{}").expect("sign");
    assert_eq!(signing::sign(b"{}", &pem_text).expect("sign"), signature);
    signing::clear_key_cache();
    drop(key);
    WATCHING.store(false, Ordering::Release);
    assert_eq!(
        FOUND.load(Ordering::Acquire),
        0,
        "key bytes were freed without being wiped"
    );
}
