// Fills MB megabytes of heap (so the core is that large), starts a few threads, then faults in
// libreduce.so's at::native::sum_kernel: a core like a training rank's, of a chosen size.
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>
#include <unistd.h>
extern "C" float reduce_rows(const float* data, std::size_t n);
static volatile float sink;
int main(int argc, char** argv) {
  std::size_t mb = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 1;
  char* heap = static_cast<char*>(std::malloc(mb << 20));
  std::memset(heap, 0x5a, mb << 20);
  std::vector<std::thread> idle;
  for (int i = 0; i < 7; i++) idle.emplace_back([] { for (;;) sleep(1); });
  sleep(1);
  sink = reduce_rows(reinterpret_cast<const float*>(0x10), 1000000);
  return heap[1];
}
