"""Shim libraries that let ONNX Runtime's CUDA 12 provider run on a host that has only CUDA 13 user-space libraries.

Used once, to measure the CUDA provider on a lent H100 whose image carries CUDA 13 only (docs/benchmarks/
embedding-gpu.md); a host with CUDA 12 and cuDNN 9, as ONNX Runtime requires, needs none of this.

For each CUDA 12 library the provider links (libcublas.so.12, libcublasLt.so.12, libcufft.so.11), this builds a
small library of that name whose exported symbols carry the same version tag and jump to the same-named functions of
the CUDA 13 library (libcublas.so.13, ...), loaded with dlopen. libcudart.so.12 itself comes from Debian's libcudart12
package (it is small); curand 10 and cuDNN 9 are the same major version on both.

Usage: python3 bench/gpu/cuda12-shims.py <libonnxruntime_providers_cuda.so>   (writes the .so files to the current
folder; put it first on LD_LIBRARY_PATH, then the CUDA 13 library folder)
"""
import subprocess, sys
prov = sys.argv[1]
out = subprocess.run(['nm', '-D', '--undefined-only', prov], capture_output=True, text=True).stdout
shims = {'libcublas.so.12': 'libcublas.so.13', 'libcublasLt.so.12': 'libcublasLt.so.13', 'libcufft.so.11': 'libcufft.so.12'}
for lib, target in shims.items():
    syms = sorted({l.split()[-1].split('@')[0] for l in out.splitlines() if l.split()[-1].endswith('@' + lib)})
    base = lib.split('.so')[0]
    with open(base + '.c', 'w') as f:
        f.write('#define _GNU_SOURCE\n#include <dlfcn.h>\n#include <stdio.h>\n')
        f.write(f'__attribute__((visibility("hidden"))) void *corvid_shim_ptr[{len(syms)}];\n')
        f.write('static const char *names[] = {' + ','.join(f'"{s}"' for s in syms) + '};\n')
        f.write('__attribute__((constructor)) static void corvid_shim_init(void) {\n')
        f.write(f'  void *h = dlopen("{target}", RTLD_NOW | RTLD_GLOBAL);\n')
        f.write(f'  if (!h) {{ fprintf(stderr, "{lib} shim: %s\\n", dlerror()); return; }}\n')
        f.write(f'  for (int i = 0; i < {len(syms)}; i++) {{ corvid_shim_ptr[i] = dlsym(h, names[i]);\n')
        f.write(f'    if (!corvid_shim_ptr[i]) fprintf(stderr, "{lib} shim: {target} lacks %s\\n", names[i]); }}\n}}\n')
        for i, s in enumerate(syms):
            f.write(f'__asm__(".globl {s}\\n.type {s},@function\\n{s}:\\n jmp *corvid_shim_ptr+{8*i}(%rip)\\n");\n')
    with open(base + '.map', 'w') as f:
        f.write(lib + ' {\n global:\n' + ''.join(f'  {s};\n' for s in syms) + ' local: *;\n};\n')
    subprocess.run(['gcc', '-shared', '-fPIC', '-O2', '-o', lib, base + '.c', f'-Wl,-soname,{lib}',
                    f'-Wl,--version-script={base}.map', '-ldl'], check=True)
    print(lib, len(syms))
