#include <cstdlib>
#include <cstring>
#include <csignal>
#include <cstdio>
#include <thread>
#include <vector>
#include <unistd.h>
#include <sys/mman.h>
#include <fcntl.h>
extern "C" float reduce_rows(const float* data, std::size_t n);
extern "C" __attribute__((noinline)) int divide(int a, int b) { return a / b; }
extern "C" __attribute__((noinline)) void do_abort() { abort(); }
extern "C" __attribute__((noinline)) int touch_bus(const char* path) {
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  char* p = (char*)mmap(nullptr, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  return p[100];
}
extern "C" __attribute__((noinline)) void worker_spin(int i) { for (;;) { sleep(1); } }
static volatile int sink;
int main(int argc, char** argv) {
  const char* mode = argc > 1 ? argv[1] : "segv";
  if (!strcmp(mode, "segv")) { sink = (int)reduce_rows((const float*)0x10, 1000000); }
  else if (!strcmp(mode, "abort")) { do_abort(); }
  else if (!strcmp(mode, "fpe")) { sink = divide(argc, argc - 2); }
  else if (!strcmp(mode, "bus")) { sink = touch_bus(argc > 2 ? argv[2] : "busfile"); }
  else if (!strcmp(mode, "threads")) {
    std::vector<std::thread> ts;
    for (int i = 0; i < 3; i++) ts.emplace_back(worker_spin, i);
    std::thread t([] { sleep(1); sink = (int)reduce_rows((const float*)0x10, 1000000); });
    t.join();
  }
  else if (!strcmp(mode, "sleep")) { printf("ready\n"); fflush(stdout); sleep(100); }
  return 0;
}
