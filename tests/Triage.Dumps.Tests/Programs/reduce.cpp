#include <cstddef>
namespace at { namespace native {
__attribute__((noinline)) float sum_kernel(const float* data, std::size_t n) {
  float s = 0;
  for (std::size_t i = 0; i < n; i++) s += data[i * 4096];
  return s;
}
}}
extern "C" __attribute__((noinline)) float reduce_rows(const float* data, std::size_t n) {
  return at::native::sum_kernel(data, n) * 2;
}
