// _tralign.cc: the private extension behind the `tralign` package. It only converts types: str
// or bytes in, tuples and lists of plain values out, byte offsets turned into the caller's
// indexes (code points for str, bytes for bytes), C++ exceptions into the package's classes.
// Every call that does real work (building an aligner, segmenting, aligning, checking, writing a
// report) runs with the GIL released, so Python threads run it in parallel.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tralign/tralign.h"

namespace py = pybind11;

namespace {

// The Python classes of the exception hierarchy, set once by the package (_set_error_classes).
// Never destroyed: they live as long as the interpreter.
struct ErrorClasses {
  py::object error, options_error, input_error, encoding_error;
};
ErrorClasses* error_classes = nullptr;

// Raises the package's class for a tralign exception (ValueError until the package registers).
void raise_error(const py::object& cls, const char* message,
                 std::optional<std::size_t> offset = std::nullopt) {
  py::object instance =
      offset ? cls(message, *offset) : cls(message);  // EncodingError(message, offset)
  PyErr_SetObject(cls.ptr(), instance.ptr());
}

void translate_exception(std::exception_ptr error) {
  if (!error) return;
  if (error_classes == nullptr) {
    try {
      std::rethrow_exception(error);
    } catch (const tralign::Error& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
    return;
  }
  try {
    std::rethrow_exception(error);
  } catch (const tralign::EncodingError& e) {
    raise_error(error_classes->encoding_error, e.what(), e.offset());
  } catch (const tralign::InputError& e) {
    raise_error(error_classes->input_error, e.what());
  } catch (const tralign::OptionsError& e) {
    raise_error(error_classes->options_error, e.what());
  } catch (const tralign::Error& e) {
    raise_error(error_classes->error, e.what());
  }
}

// Maps byte offsets into a UTF-8 text to code point indexes (what Python's str indexes count).
// A code point index is the byte offset minus the continuation bytes (10xxxxxx) before it; the
// count is kept for every kBlock bytes, so a lookup scans fewer than kBlock bytes.
class IndexMap {
 public:
  IndexMap(std::string_view utf8, bool identity) : text_(utf8), identity_(identity) {
    if (identity_) return;
    blocks_.reserve(text_.size() / kBlock + 1);
    std::size_t continuation = 0;
    for (std::size_t i = 0; i < text_.size(); ++i) {
      if (i % kBlock == 0) blocks_.push_back(continuation);
      continuation += is_continuation(text_[i]);
    }
  }

  // The index of the character that starts at byte `offset` (or of the end, at text size).
  std::size_t operator()(std::size_t offset) const {
    if (identity_ || offset == 0) return offset;
    if (offset > text_.size()) offset = text_.size();
    const std::size_t block = offset / kBlock;
    std::size_t continuation = block < blocks_.size() ? blocks_[block] : 0;
    for (std::size_t i = block * kBlock; i < offset; ++i) continuation += is_continuation(text_[i]);
    return offset - continuation;
  }

 private:
  static constexpr std::size_t kBlock = 256;
  static bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

  std::string_view text_;
  bool identity_;
  std::vector<std::size_t> blocks_;
};

// One input text: the Python object (kept alive: the report's views point into its buffer),
// its UTF-8 bytes, and the index map built on first use.
struct Text {
  py::object object;
  std::string_view utf8;
  bool bytes = false;  // a bytes object: indexes are byte offsets and texts are decoded
  bool ascii = false;  // an ASCII str: byte offsets are indexes
  std::unique_ptr<IndexMap> map;
  std::size_t cursor_offset = 0;  // the last offset looked up and its index: lookups in order
  std::size_t cursor_index = 0;   // (segments, one after the other) only scan the gap
  std::unique_ptr<char[]> owned;  // the UTF-8 of a non-ASCII str (utf8 views it)

  std::size_t index(std::size_t offset) {
    if (bytes || ascii) return offset;
    if (offset > utf8.size()) offset = utf8.size();
    constexpr std::size_t kMaxScan = 4096;
    if (offset >= cursor_offset && offset - cursor_offset <= kMaxScan) {
      std::size_t index = cursor_index;
      for (std::size_t i = cursor_offset; i < offset; ++i) {
        index += (static_cast<unsigned char>(utf8[i]) & 0xC0) != 0x80;
      }
      cursor_offset = offset;
      return cursor_index = index;
    }
    if (!map) map = std::make_unique<IndexMap>(utf8, false);
    cursor_offset = offset;
    return cursor_index = (*map)(offset);
  }

  // The text between two byte offsets, as str (a slice of the str; decoded bytes).
  py::str slice(std::size_t begin, std::size_t end) {
    return slice(begin, end, index(begin), index(end));
  }
  // The same, with the indexes of `begin` and `end` already known.
  py::str slice(std::size_t begin, std::size_t end, std::size_t first, std::size_t last) {
    PyObject* part = nullptr;
    if (bytes) {
      part = PyUnicode_DecodeUTF8(utf8.data() + begin, static_cast<Py_ssize_t>(end - begin),
                                  "replace");
    } else {
      part = PyUnicode_Substring(object.ptr(), static_cast<Py_ssize_t>(first),
                                 static_cast<Py_ssize_t>(last));
    }
    if (part == nullptr) throw py::error_already_set();
    return py::reinterpret_steal<py::str>(part);
  }
};

// The UTF-8 of `length` code points of one width (a str's PEP 393 storage) into `out` (room for
// 4 bytes a unit); runs of ASCII go 8 bytes of input at a time. The bytes written, or -1 at a
// surrogate (not encodable: the caller lets Python raise the error).
template <typename Unit>
std::ptrdiff_t encode_utf8(const Unit* in, std::size_t length, char* out) {
  static_assert(sizeof(Unit) == 1 || sizeof(Unit) == 2 || sizeof(Unit) == 4, "a PEP 393 width");
  // The bits that are 0 in 8 bytes of input units all below 0x80.
  constexpr std::uint64_t kHigh = sizeof(Unit) == 1   ? 0x8080808080808080ULL
                                  : sizeof(Unit) == 2 ? 0xFF80FF80FF80FF80ULL
                                                      : 0xFFFFFF80FFFFFF80ULL;
  constexpr std::size_t kUnits = 8 / sizeof(Unit);
  char* o = out;
  std::size_t i = 0;
  while (i < length) {
    for (std::uint64_t word; i + kUnits <= length; i += kUnits) {
      std::memcpy(&word, in + i, 8);
      if ((word & kHigh) != 0) break;
      if constexpr (sizeof(Unit) == 1) {
        std::memcpy(o, &word, 8);
      } else {
        for (std::size_t k = 0; k < kUnits; ++k)
          o[k] = static_cast<char>(word >> (8 * sizeof(Unit) * k));
      }
      o += kUnits;
    }
    if (i == length) break;
    const std::uint32_t c = in[i++];
    if (c < 0x80) {
      *o++ = static_cast<char>(c);
    } else if (c < 0x800) {
      *o++ = static_cast<char>(0xC0 | (c >> 6));
      *o++ = static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      if (c >= 0xD800 && c <= 0xDFFF) return -1;
      *o++ = static_cast<char>(0xE0 | (c >> 12));
      *o++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      *o++ = static_cast<char>(0x80 | (c & 0x3F));
    } else {
      *o++ = static_cast<char>(0xF0 | (c >> 18));
      *o++ = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      *o++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      *o++ = static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return o - out;
}

// The UTF-8 of a non-ASCII str into text.owned (faster than PyUnicode_AsUTF8AndSize, which
// also keeps a copy in the str); false if it holds a surrogate.
bool encode_str(PyObject* str, Text& text) {
  if (PyUnicode_READY(str) != 0) throw py::error_already_set();
  const auto length = static_cast<std::size_t>(PyUnicode_GET_LENGTH(str));
  const int kind = PyUnicode_KIND(str);
  const void* data = PyUnicode_DATA(str);
  text.owned.reset(new char[length * static_cast<std::size_t>(kind == PyUnicode_1BYTE_KIND ? 2 : 4)]);
  std::ptrdiff_t size = -1;
  if (kind == PyUnicode_1BYTE_KIND)
    size = encode_utf8(static_cast<const Py_UCS1*>(data), length, text.owned.get());
  else if (kind == PyUnicode_2BYTE_KIND)
    size = encode_utf8(static_cast<const Py_UCS2*>(data), length, text.owned.get());
  else
    size = encode_utf8(static_cast<const Py_UCS4*>(data), length, text.owned.get());
  if (size < 0) {
    text.owned.reset();
    return false;
  }
  text.utf8 = std::string_view(text.owned.get(), static_cast<std::size_t>(size));
  return true;
}

// The UTF-8 view of a str or bytes argument. `side` ("source", "target", "") names it in errors.
Text to_text(py::object object, const char* side) {
  Text text;
  if (PyUnicode_Check(object.ptr()) && !PyUnicode_IS_ASCII(object.ptr()) &&
      encode_str(object.ptr(), text)) {
    text.object = std::move(object);
    return text;
  }
  const std::string prefix = *side != '\0' ? std::string(side) + " text" : std::string("text");
  if (PyUnicode_Check(object.ptr())) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(object.ptr(), &size);
    if (data == nullptr) {
      // A lone surrogate cannot be written as UTF-8: an EncodingError at its str index.
      py::error_already_set encode_error;
      std::size_t index = 0;
      if (encode_error.matches(PyExc_UnicodeEncodeError)) {
        Py_ssize_t start = 0;
        PyUnicodeEncodeError_GetStart(encode_error.value().ptr(), &start);
        index = static_cast<std::size_t>(start);
      }
      throw tralign::EncodingError(prefix + ": not encodable as UTF-8 (lone surrogate at index " +
                                       std::to_string(index) + ")",
                                   index);
    }
    text.utf8 = std::string_view(data, static_cast<std::size_t>(size));
    text.ascii = PyUnicode_IS_ASCII(object.ptr()) != 0;
  } else if (PyBytes_Check(object.ptr())) {
    char* data = nullptr;
    Py_ssize_t size = 0;
    PyBytes_AsStringAndSize(object.ptr(), &data, &size);
    text.utf8 = std::string_view(data, static_cast<std::size_t>(size));
    text.bytes = true;
  } else {
    throw py::type_error(prefix + " must be str or bytes, not " +
                         std::string(Py_TYPE(object.ptr())->tp_name));
  }
  text.object = std::move(object);
  return text;
}

tralign::InputMode to_input_mode(const std::string& input) {
  if (input == "text") return tralign::InputMode::kText;
  if (input == "lines") return tralign::InputMode::kLines;
  if (input == "paragraphs") return tralign::InputMode::kParagraphs;
  throw tralign::OptionsError("input must be \"text\", \"lines\" or \"paragraphs\" (got \"" +
                              input + "\")");
}

// The result types, C struct sequences (named tuples made in C: cheap to build, picklable as
// tralign.Segment, tralign.Bead, tralign.Finding). Created once; they live to the exit.
PyTypeObject* segment_type = nullptr;
PyTypeObject* bead_type = nullptr;
PyTypeObject* finding_type = nullptr;

PyStructSequence_Field segment_fields[] = {
    {"text",
     "The segment, trimmed of surrounding white space (text[begin:end]); with "
     "input=\"paragraphs\" it keeps the line breaks of a sentence that spans lines."},
    {"begin",
     "Index of its first character in the input (code points of a str, bytes of "
     "bytes)."},
    {"end", "Index one past its last character."},
    {"paragraph",
     "0-based paragraph: the n-th non-blank line (input=\"lines\": the line; "
     "input=\"paragraphs\": the n-th run of non-blank lines)."},
    {nullptr, nullptr}};
PyStructSequence_Desc segment_desc = {
    "tralign.Segment",
    "One sentence (or one line, with input=\"lines\") of a text: (text, begin, end, "
    "paragraph), a named tuple. text[segment.begin:segment.end] == segment.text for the str (or "
    "bytes) that was segmented.",
    segment_fields, 4};

PyStructSequence_Field bead_fields[] = {
    {"source", "Indexes of the source segments (consecutive; empty for a 0-1 bead)."},
    {"target", "Indexes of the target segments (consecutive; empty for a 1-0 bead)."},
    {"confidence", "Posterior probability of the bead, in [0, 1]."},
    {nullptr, nullptr}};
PyStructSequence_Desc bead_desc = {
    "tralign.Bead",
    "Source segments that translate target segments: (source, target, confidence), a named "
    "tuple. One side may be empty (a 1-0 or 0-1 bead). The beads of a report cover every "
    "segment of both sides exactly once, in order.",
    bead_fields, 3};

PyStructSequence_Field finding_fields[] = {
    {"kind", "omission, addition, untranslated, drift or mismatch."},
    {"severity", "error, warning or info."},
    {"source", "Source segment indexes the finding is about (sorted)."},
    {"target", "Target segment indexes the finding is about (sorted)."},
    {"message", "One line for people."},
    {"code", "A stable code, e.g. omission.run or mismatch.number."},
    {"confidence", "How sure the check is, in [0, 1]."},
    {"source_begin", "Start of the source text covered (an index like Segment.begin)."},
    {"source_end", "End of the source text covered (equal to source_begin when none)."},
    {"target_begin", "Start of the target text covered."},
    {"target_end", "End of the target text covered."},
    {nullptr, nullptr}};
PyStructSequence_Desc finding_desc = {
    "tralign.Finding",
    "Something that went wrong in the translation: (kind, severity, source, target, message, "
    "code, confidence, source_begin, source_end, target_begin, target_end), a named tuple.",
    finding_fields, 11};

// A new struct sequence of `type` holding `items`.
py::object make_struct(PyTypeObject* type, std::initializer_list<py::object> items) {
  PyObject* out = PyStructSequence_New(type);
  if (out == nullptr) throw py::error_already_set();
  Py_ssize_t i = 0;
  for (const py::object& item : items) {
    PyStructSequence_SetItem(out, i++, item.inc_ref().ptr());  // steals the new reference
  }
  return py::reinterpret_steal<py::object>(out);
}

// Stores a new reference in field `i` of a struct sequence; throws if making it failed (the
// struct sequence, already owned by its list, frees what it holds).
void set_field(PyObject* item, Py_ssize_t i, PyObject* value) {
  if (value == nullptr) throw py::error_already_set();
  PyStructSequence_SET_ITEM(item, i, value);
}

// A new struct sequence of `type`, stored (owned) at `i` in `list`.
PyObject* new_struct_in(py::list& list, std::size_t i, PyTypeObject* type) {
  PyObject* item = PyStructSequence_New(type);
  if (item == nullptr) throw py::error_already_set();
  PyList_SET_ITEM(list.ptr(), static_cast<Py_ssize_t>(i), item);
  return item;
}

// A Segment for every segment, indexes in the caller's units. The C API directly: thousands of
// objects per report, so no wrapper reference counting.
py::list segment_list(Text& text, const std::vector<tralign::Segment>& segments) {
  py::list out(segments.size());
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const tralign::Segment& s = segments[i];
    PyObject* item = new_struct_in(out, i, segment_type);
    const std::size_t first = text.index(s.begin);  // in order: the cursor only moves on
    const std::size_t last = text.index(s.end);
    set_field(item, 0, text.slice(s.begin, s.end, first, last).release().ptr());
    set_field(item, 1, PyLong_FromSize_t(first));
    set_field(item, 2, PyLong_FromSize_t(last));
    set_field(item, 3, PyLong_FromUnsignedLong(s.paragraph));
  }
  return out;
}

// [begin, begin + 1, ..., end - 1] as a new list.
PyObject* index_list(std::uint32_t begin, std::uint32_t end) {
  PyObject* out = PyList_New(static_cast<Py_ssize_t>(end - begin));
  if (out == nullptr) return nullptr;
  for (std::uint32_t i = begin; i < end; ++i) {
    PyObject* value = PyLong_FromUnsignedLong(i);
    if (value == nullptr) {
      Py_DECREF(out);
      return nullptr;
    }
    PyList_SET_ITEM(out, static_cast<Py_ssize_t>(i - begin), value);
  }
  return out;
}

// A Bead for every bead.
py::list bead_list(const std::vector<tralign::Bead>& beads) {
  py::list out(beads.size());
  for (std::size_t i = 0; i < beads.size(); ++i) {
    const tralign::Bead& b = beads[i];
    PyObject* item = new_struct_in(out, i, bead_type);
    set_field(item, 0, index_list(b.source_begin, b.source_end));
    set_field(item, 1, index_list(b.target_begin, b.target_end));
    set_field(item, 2, PyFloat_FromDouble(b.confidence));
  }
  return out;
}

// A Report with the texts it refers to.
struct PyReport {
  Text source;
  Text target;
  tralign::Report report;
  bool checked = false;  // made by diff (findings were looked for)
};

// Writes the report in one of the library's formats, with the GIL released.
std::string render(const PyReport& self, const std::string& format, double min_confidence,
                   bool compact, int width, bool color, bool only_problems, int context) {
  py::gil_scoped_release release;
  std::ostringstream out;
  tralign::WriteOptions write;
  write.min_confidence = min_confidence;
  write.compact = compact;
  if (format == "json") {
    tralign::write_json(out, self.report, write);
  } else if (format == "beads") {
    tralign::write_beads(out, self.report);
  } else if (format == "tsv") {
    tralign::write_tsv(out, self.report, write);
  } else if (format == "tmx") {
    tralign::write_tmx(out, self.report, write);
  } else if (format == "xliff") {
    tralign::write_xliff(out, self.report, write);
  } else if (format == "html") {
    tralign::write_html(out, self.report);
  } else if (format == "text") {
    tralign::TextViewOptions view;
    view.width = width;
    view.color = color;
    view.only_problems = only_problems;
    view.context = context;
    tralign::write_text(out, self.report, view);
  } else {
    throw tralign::OptionsError(
        "format must be one of json, beads, tsv, tmx, xliff, html, text "
        "(got \"" +
        format + "\")");
  }
  return std::move(out).str();
}

// The pipeline, built once from options; const and thread-safe.
class PyAligner {
 public:
  explicit PyAligner(tralign::Options options) : aligner_(std::move(options)) {}

  std::unique_ptr<PyReport> run(py::object source, py::object target, bool diff,
                                std::string source_path, std::string target_path) const {
    auto result = std::make_unique<PyReport>();
    result->source = to_text(std::move(source), "source");
    result->target = to_text(std::move(target), "target");
    result->checked = diff;
    {
      py::gil_scoped_release release;
      result->report = diff ? aligner_.diff(result->source.utf8, result->target.utf8)
                            : aligner_.align(result->source.utf8, result->target.utf8);
    }
    result->report.source_path = std::move(source_path);
    result->report.target_path = std::move(target_path);
    return result;
  }

 private:
  tralign::Aligner aligner_;
};

// Sets one numeric field of CheckOptions by its name; false for an unknown name.
bool set_check_option(tralign::CheckOptions& check, const std::string& name, py::handle value) {
  struct DoubleField {
    const char* name;
    double tralign::CheckOptions::*field;
  };
  struct IntField {
    const char* name;
    int tralign::CheckOptions::*field;
  };
  using C = tralign::CheckOptions;
  static const DoubleField doubles[] = {
      {"prior_pseudo_count", &C::prior_pseudo_count},
      {"length_outlier", &C::length_outlier},
      {"anchor_weight", &C::anchor_weight},
      {"anchor_miss_weight", &C::anchor_miss_weight},
      {"paragraph_weight", &C::paragraph_weight},
      {"error_posterior", &C::error_posterior},
      {"copy_similarity", &C::copy_similarity},
      {"foreign_script_share", &C::foreign_script_share},
      {"drift_z", &C::drift_z},
      {"drift_cut_z", &C::drift_cut_z},
      {"drift_warning_z", &C::drift_warning_z},
      {"stretch_posterior", &C::stretch_posterior},
      {"mismatch_posterior", &C::mismatch_posterior},
  };
  static const IntField ints[] = {
      {"realign_band", &C::realign_band},
      {"prior_iterations", &C::prior_iterations},
      {"untranslated_min_letters", &C::untranslated_min_letters},
      {"stretch_beads", &C::stretch_beads},
  };
  for (const DoubleField& f : doubles) {
    if (name == f.name) {
      check.*f.field = value.cast<double>();
      return true;
    }
  }
  for (const IntField& f : ints) {
    if (name == f.name) {
      check.*f.field = value.cast<int>();
      return true;
    }
  }
  return false;
}

// The defaults of every numeric CheckOptions field, by name (for the package's docs and checks).
py::dict check_defaults() {
  const tralign::CheckOptions c;
  py::dict out;
  out["realign_band"] = c.realign_band;
  out["prior_iterations"] = c.prior_iterations;
  out["prior_pseudo_count"] = c.prior_pseudo_count;
  out["length_outlier"] = c.length_outlier;
  out["anchor_weight"] = c.anchor_weight;
  out["anchor_miss_weight"] = c.anchor_miss_weight;
  out["paragraph_weight"] = c.paragraph_weight;
  out["error_posterior"] = c.error_posterior;
  out["copy_similarity"] = c.copy_similarity;
  out["foreign_script_share"] = c.foreign_script_share;
  out["untranslated_min_letters"] = c.untranslated_min_letters;
  out["drift_z"] = c.drift_z;
  out["drift_cut_z"] = c.drift_cut_z;
  out["drift_warning_z"] = c.drift_warning_z;
  out["stretch_beads"] = c.stretch_beads;
  out["stretch_posterior"] = c.stretch_posterior;
  out["mismatch_posterior"] = c.mismatch_posterior;
  return out;
}

tralign::Options make_options(const std::string& source_lang, const std::string& target_lang,
                              const std::string& input, double mean, double variance, int max_bead,
                              bool plain, bool paragraphs, bool anchors, bool lexicon,
                              const std::vector<std::string>& ignore,
                              const std::vector<std::string>& ignore_patterns,
                              const py::dict& check) {
  tralign::Options options;
  options.source.lang = source_lang;
  options.target.lang = target_lang;
  options.source.input = options.target.input = to_input_mode(input);
  options.align.mean = mean;
  options.align.variance = variance;
  options.align.max_bead = max_bead;
  options.align.plain = plain;
  options.align.paragraphs = paragraphs;
  options.align.anchors = anchors;
  options.align.lexicon = lexicon;
  for (const std::string& kind : ignore) {
    options.check.ignore_kinds.push_back(tralign::parse_finding_kind(kind));
  }
  options.check.ignore_patterns = ignore_patterns;
  for (const auto& [key, value] : check) {
    const auto name = key.cast<std::string>();
    if (!set_check_option(options.check, name, value)) {
      throw py::type_error("unknown check option \"" + name + "\"");
    }
  }
  return options;
}

}  // namespace

PYBIND11_MODULE(_tralign, m) {
  m.doc() = "Private extension of the tralign package: type conversion only. Use `tralign`.";
  m.attr("__version__") = tralign::version();

  segment_type = PyStructSequence_NewType(&segment_desc);
  bead_type = PyStructSequence_NewType(&bead_desc);
  finding_type = PyStructSequence_NewType(&finding_desc);
  if (segment_type == nullptr || bead_type == nullptr || finding_type == nullptr) {
    throw py::error_already_set();
  }
  for (PyTypeObject* type : {segment_type, bead_type, finding_type}) {
    auto object = py::reinterpret_borrow<py::object>(reinterpret_cast<PyObject*>(type));
    m.attr(type->tp_name + std::strlen("tralign.")) = object;
  }

  py::register_exception_translator(&translate_exception);
  m.def(
      "_set_error_classes",
      [](py::object error, py::object options_error, py::object input_error,
         py::object encoding_error) {
        if (error_classes == nullptr) error_classes = new ErrorClasses;  // lives to exit
        *error_classes = {std::move(error), std::move(options_error), std::move(input_error),
                          std::move(encoding_error)};
      },
      "Sets the classes raised for tralign::Error, OptionsError, InputError, EncodingError.");

  m.def("check_defaults", &check_defaults,
        "The numeric check options and their defaults, as a dict.");

  m.def(
      "guess_language",
      [](py::object text) {
        Text t = to_text(std::move(text), "");
        py::gil_scoped_release release;
        return tralign::guess_language(t.utf8);
      },
      py::arg("text"), "A language tag guessed from the text's dominant script ('' for Latin).");

  py::class_<tralign::Segmenter>(m, "Segmenter")
      .def(py::init([](const std::string& lang, const std::string& input) {
             tralign::SegmenterOptions options;
             options.lang = lang;
             options.input = to_input_mode(input);
             py::gil_scoped_release release;
             return std::make_unique<tralign::Segmenter>(std::move(options));
           }),
           py::arg("lang") = "", py::arg("input") = "text")
      .def(
          "segment",
          [](const tralign::Segmenter& self, py::object text) {
            Text t = to_text(std::move(text), "");
            std::vector<tralign::Segment> segments;
            {
              py::gil_scoped_release release;
              segments = self.segment(t.utf8);
            }
            return segment_list(t, segments);
          },
          py::arg("text"), "[Segment] in the caller's indexes.")
      .def(
          "language",
          [](const tralign::Segmenter& self, py::object text) {
            Text t = to_text(std::move(text), "");
            py::gil_scoped_release release;
            return self.language(t.utf8);
          },
          py::arg("text"));

  py::class_<PyAligner>(m, "Aligner")
      .def(py::init([](const std::string& source_lang, const std::string& target_lang,
                       const std::string& input, double mean, double variance, int max_bead,
                       bool plain, bool paragraphs, bool anchors, bool lexicon,
                       const std::vector<std::string>& ignore,
                       const std::vector<std::string>& ignore_patterns, const py::dict& check) {
             tralign::Options options =
                 make_options(source_lang, target_lang, input, mean, variance, max_bead, plain,
                              paragraphs, anchors, lexicon, ignore, ignore_patterns, check);
             py::gil_scoped_release release;
             return std::make_unique<PyAligner>(std::move(options));
           }),
           py::arg("source_lang") = "", py::arg("target_lang") = "", py::arg("input") = "text",
           py::arg("mean") = 0.0, py::arg("variance") = 0.0, py::arg("max_bead") = 3,
           py::arg("plain") = false, py::arg("paragraphs") = true, py::arg("anchors") = true,
           py::arg("lexicon") = true,
           py::arg("ignore") = std::vector<std::string>{},
           py::arg("ignore_patterns") = std::vector<std::string>{}, py::arg("check") = py::dict())
      .def("run", &PyAligner::run, py::arg("source"), py::arg("target"), py::arg("diff"),
           py::arg("source_path") = "", py::arg("target_path") = "",
           "Segments and aligns (and checks, with diff=True): a _Report.");

  py::class_<PyReport>(m, "Report")
      .def(
          "segments",
          [](PyReport& self, bool source) {
            return source ? segment_list(self.source, self.report.source.segments)
                          : segment_list(self.target, self.report.target.segments);
          },
          py::arg("source"), "[Segment] of one side.")
      .def(
          "beads", [](const PyReport& self) { return bead_list(self.report.alignment.beads); },
          "[Bead].")
      .def(
          "findings",
          [](PyReport& self) {
            const auto& findings = self.report.findings;
            py::list out(findings.size());
            for (std::size_t i = 0; i < findings.size(); ++i) {
              const tralign::Finding& f = findings[i];
              out[i] = make_struct(
                  finding_type,
                  {py::str(std::string(tralign::to_string(f.kind))),
                   py::str(std::string(tralign::to_string(f.severity))), py::cast(f.source),
                   py::cast(f.target), py::str(f.message), py::str(f.code),
                   py::float_(f.confidence), py::int_(self.source.index(f.source_begin)),
                   py::int_(self.source.index(f.source_end)),
                   py::int_(self.target.index(f.target_begin)),
                   py::int_(self.target.index(f.target_end))});
            }
            return out;
          },
          "[Finding].")
      .def(
          "lang",
          [](const PyReport& self, bool source) {
            return source ? self.report.source.lang : self.report.target.lang;
          },
          py::arg("source"))
      .def(
          "path",
          [](const PyReport& self, bool source) {
            return source ? self.report.source_path : self.report.target_path;
          },
          py::arg("source"))
      .def(
          "text",
          [](const PyReport& self, bool source) {
            return source ? self.source.object : self.target.object;
          },
          py::arg("source"))
      .def_readonly("checked", &PyReport::checked)
      .def("max_severity",
           [](const PyReport& self) {
             return std::string(tralign::to_string(self.report.max_severity()));
           })
      .def(
          "render",
          [](const PyReport& self, const std::string& format, double min_confidence, bool compact,
             int width, bool color, bool only_problems, int context) {
            const std::string out =
                render(self, format, min_confidence, compact, width, color, only_problems, context);
            return py::reinterpret_steal<py::str>(
                PyUnicode_DecodeUTF8(out.data(), static_cast<Py_ssize_t>(out.size()), "replace"));
          },
          py::arg("format"), py::arg("min_confidence") = 0.0, py::arg("compact") = false,
          py::arg("width") = 120, py::arg("color") = false, py::arg("only_problems") = false,
          py::arg("context") = 3, "The report in one of the library's formats, as str.");
}
