// Stand-in for a training rank: the reduction of a bad batch faults (segv) or fails its check (abort).
#include <cstddef>
#include <cstring>
namespace at { namespace native { float reduce_kernel(const float* data, std::size_t n, bool check); } }
static volatile float sink;
int main(int argc, char** argv) {
  static float batch[64];
  bool abort_mode = argc > 1 && !std::strcmp(argv[1], "abort");
  sink = at::native::reduce_kernel(abort_mode ? batch : reinterpret_cast<const float*>(0x1460c48c0), 1 << 20, abort_mode);
  return 0;
}
