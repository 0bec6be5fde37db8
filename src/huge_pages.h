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
#include <cstdlib>
#include <memory>
#include <new>
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
template <typename T, typename Allocator>
void reserve_huge(std::vector<T, Allocator>& v, std::size_t count) {
  if (v.capacity() >= count) return;
  if (v.empty()) {
    std::vector<T, Allocator>().swap(v);  // no copy: the new storage is all untouched
    v.reserve(count);
  } else {
    v.reserve(count);
  }
  advise_huge_pages(v.data(), v.capacity() * sizeof(T));
}

// An allocator for working arrays that are filled as soon as they are made (reserve_huge is
// for those that grow): one of kMinBytes or more is whole 2 MiB pages, aligned and advised as
// huge pages before its first write (the lexicon's counting tables touch megabytes of fresh
// memory where terms are many, as CJK letter pairs are). The room past the array's end in its
// last huge page is the cost. Elsewhere than on Linux, and for smaller arrays, std::allocator.
template <typename T>
struct LargeArrayAllocator {
  using value_type = T;
  static constexpr std::size_t kHuge = std::size_t{1} << 21;
  static constexpr std::size_t kMinBytes = std::size_t{1} << 20;
  LargeArrayAllocator() = default;
  template <typename U>
  LargeArrayAllocator(const LargeArrayAllocator<U>&) noexcept {}
  static bool large(std::size_t count) {
#if defined(__linux__)
    return count >= kMinBytes / sizeof(T);
#else
    (void)count;
    return false;
#endif
  }
  T* allocate(std::size_t count) {
    if (!large(count)) return std::allocator<T>().allocate(count);
    if (count > (~std::size_t{0} - kHuge) / sizeof(T)) throw std::bad_alloc();
    const std::size_t bytes = (count * sizeof(T) + kHuge - 1) & ~(kHuge - 1);
    void* data = std::aligned_alloc(kHuge, bytes);
    if (data == nullptr) throw std::bad_alloc();
    advise_huge_pages(data, bytes);
    return static_cast<T*>(data);
  }
  void deallocate(T* data, std::size_t count) noexcept {
    if (large(count)) {
      std::free(data);
    } else {
      std::allocator<T>().deallocate(data, count);
    }
  }
  template <typename U>
  bool operator==(const LargeArrayAllocator<U>&) const noexcept {
    return true;
  }
  template <typename U>
  bool operator!=(const LargeArrayAllocator<U>&) const noexcept {
    return false;
  }
};
template <typename T>
using LargeArray = std::vector<T, LargeArrayAllocator<T>>;

}  // namespace internal
}  // namespace tralign

#endif  // TRALIGN_SRC_HUGE_PAGES_H_
