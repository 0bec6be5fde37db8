// Private: transparent huge pages for large arrays that are about to be written.
//
// A fresh 4 KiB page costs a page fault when first written; on the virtual machines tralign is
// measured on, one costs about 13 µs (a 1M-pair alignment touches about 120 MB of fresh memory:
// some 30,000 faults). Inside whole 2 MiB pages the kernel can map huge pages instead, one fault
// for 512 small ones, when asked with madvise(MADV_HUGEPAGE) before the first write. Only
// advice: without transparent huge pages (or on other systems) nothing changes.
#ifndef TRALIGN_SRC_HUGE_PAGES_H_
#define TRALIGN_SRC_HUGE_PAGES_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace tralign {
namespace internal {

// Asks for huge pages in the whole 2 MiB pages of the `bytes` bytes at `data`.
inline void advise_huge_pages(void* data, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t kHuge = std::uintptr_t{1} << 21;
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t first = (begin + kHuge - 1) & ~(kHuge - 1);
  const std::uintptr_t last = (begin + bytes) & ~(kHuge - 1);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

// v.reserve(count), the new storage advised as above before anything is written to it (but
// the elements v holds, moved there).
template <typename T>
void reserve_huge(std::vector<T>& v, std::size_t count) {
  if (v.capacity() >= count) return;
  if (v.empty()) {
    std::vector<T>().swap(v);  // no copy: the new storage is all untouched
    v.reserve(count);
  } else {
    v.reserve(count);
  }
  advise_huge_pages(v.data(), v.capacity() * sizeof(T));
}

}  // namespace internal
}  // namespace tralign

#endif  // TRALIGN_SRC_HUGE_PAGES_H_
