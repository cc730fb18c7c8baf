//! Build script shared by the crates whose binaries and tests link libtorch:
//! writes an rpath to the real folder of `libtorch_cpu.so`, so they run
//! without `LD_LIBRARY_PATH`. The real folder (links resolved) matters: the
//! PyPI wheel's libtorch finds its CUDA runtime stubs relative to `$ORIGIN`.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=LIBTORCH");
    let Some(root) = std::env::var_os("LIBTORCH").map(PathBuf::from) else {
        // tch downloads libtorch itself (needs internet) and sets no rpath:
        // users of that route set LD_LIBRARY_PATH as tch's README says.
        return;
    };
    let lib = root.join("lib").join("libtorch_cpu.so");
    match lib.canonicalize() {
        Ok(real) => {
            if let Some(dir) = real.parent() {
                println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir.display());
            }
        }
        Err(e) => println!(
            "cargo:warning=LIBTORCH={} has no lib/libtorch_cpu.so ({e}); run scripts/provision.sh",
            root.display()
        ),
    }
}
