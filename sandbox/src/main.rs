//! `pikepay-sandbox`: a local Pike emulator (work in progress).

fn main() {
    println!("pikepay-sandbox");
}
