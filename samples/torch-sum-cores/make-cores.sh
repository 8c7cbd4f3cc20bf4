#!/usr/bin/env bash
# Rebuilds samples/torch-sum/cores/: a stand-in for libtorch_cuda.so whose reduction reads past its
# batch, crashed as three of the sample's failed ranks (kernel cores: needs core_pattern 'core').
# The file names carry the crash times as core_pattern's %t (epoch seconds), since git keeps no mtimes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../torch-sum/cores"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
flags="-g0 -O1 -fno-omit-frame-pointer -fno-asynchronous-unwind-tables"
g++ $flags -fPIC -shared -o libtorch_cuda.so "$here/torch_stub.cpp" -Wl,--as-needed -static-libstdc++ -static-libgcc
g++ $flags -o pt_main "$here/pt_main.cpp" -L. -l:libtorch_cuda.so -Wl,-rpath,'$ORIGIN' -Wl,--as-needed
ulimit -c unlimited
crash() { # rank local_rank host mode name
  mkdir -p "r$1" && (cd "r$1" && echo 0x11 > /proc/self/coredump_filter && env -i RANK="$1" LOCAL_RANK="$2" HOSTNAME="$3" WORLD_SIZE=32 ../pt_main "$4") || true
  mv "r$1"/core* "$out/$5"
}
rm -rf "$out" && mkdir -p "$out"
crash 14 6 node-002 abort core.pt_main.rank14.1775385533   # 10:38:53, after the illegal memory access
crash 7 7 node-001 segv core.pt_main.rank7.1775387661     # 11:14:21, the segfault kern.log reports
crash 22 6 node-003 abort core.pt_main.rank22.1775392313   # 12:31:53, after the watchdog's CUDA error
cp libtorch_cuda.so pt_main "$out/"
