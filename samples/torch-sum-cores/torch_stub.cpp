// Stand-in for libtorch_cuda.so in the torch-sum sample: a reduction that reads past its batch.
#include <cstddef>
#include <cstdlib>
namespace c10 { namespace detail {
__attribute__((noinline, noreturn)) void torchCheckFail(const char*) { std::abort(); }
}}
namespace at { namespace native {
__attribute__((noinline)) float sum_kernel_impl(const float* data, std::size_t n, bool check) {
  if (check && n > 4096) c10::detail::torchCheckFail("sum: index out of bounds");
  float s = 0;
  for (std::size_t i = 0; i < n; i++) s += data[i * 4099];
  return s;
}
__attribute__((noinline)) float reduce_kernel(const float* data, std::size_t n, bool check) {
  return sum_kernel_impl(data, n, check) + 1;
}
}}
