// What the checks need to know about one segment's text (see check_text.h).
#include "check_text.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>

#include "utf8.h"

namespace tralign::internal {
namespace {

// One decoded code point and where it sits in the text.
struct CodePoint {
  UChar32 c;
  std::size_t begin;  // byte offset
  std::size_t end;
};

// A line break (LF, CR or CR LF: inside a segment of hard-wrapped text, InputMode::kParagraphs)
// is decoded as one space, so that "8\np.m." reads as "8 p.m.".
std::vector<CodePoint> decode(std::string_view text) {
  std::vector<CodePoint> out;
  out.reserve(text.size());
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n = static_cast<std::int32_t>(text.size());
  std::int32_t i = 0;
  while (i < n) {
    const std::int32_t begin = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) c = 0xFFFD;
    if (c == '\r' || c == '\n') {
      const auto length = utf8::flat_break_length(text, static_cast<std::size_t>(begin),
                                                  utf8::Flatten::kLineBreaks);
      i = begin + static_cast<std::int32_t>(length);
      c = ' ';
    }
    out.push_back({c, static_cast<std::size_t>(begin), static_cast<std::size_t>(i)});
  }
  return out;
}

void append_utf8(std::string& out, UChar32 c) {
  char buffer[4];
  std::int32_t length = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<std::uint8_t*>(buffer), length, 4, c, error);
  if (!error) out.append(buffer, static_cast<std::size_t>(length));
}

Script script_of(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(c, &status)) {
    case USCRIPT_LATIN:
      return Script::kLatin;
    case USCRIPT_CYRILLIC:
      return Script::kCyrillic;
    case USCRIPT_GREEK:
      return Script::kGreek;
    case USCRIPT_ARABIC:
      return Script::kArabic;
    case USCRIPT_HEBREW:
      return Script::kHebrew;
    case USCRIPT_HAN:
      return Script::kHan;
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
      return Script::kKana;
    case USCRIPT_HANGUL:
      return Script::kHangul;
    case USCRIPT_THAI:
      return Script::kThai;
    case USCRIPT_DEVANAGARI:
      return Script::kDevanagari;
    default:
      return Script::kOther;
  }
}

bool is_letter(UChar32 c) { return u_isUAlphabetic(c) && !u_isdigit(c); }
bool is_mark(UChar32 c) {
  const auto type = static_cast<UCharCategory>(u_charType(c));
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
}
bool is_digit(UChar32 c) { return u_charType(c) == U_DECIMAL_DIGIT_NUMBER; }
bool is_space(UChar32 c) { return u_isUWhiteSpace(c); }
bool is_cased_script(Script s) {
  return s == Script::kLatin || s == Script::kCyrillic || s == Script::kGreek;
}

std::uint64_t hash(std::string_view kind, std::string_view value) {
  // FNV-1a over "kind\0value".
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](unsigned char byte) {
    h ^= byte;
    h *= 1099511628211ULL;
  };
  for (char ch : kind) mix(static_cast<unsigned char>(ch));
  mix(0);
  for (char ch : value) mix(static_cast<unsigned char>(ch));
  return h;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& ch : out)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return out;
}

std::string fold(const std::vector<CodePoint>& cps, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t k = from; k < to; ++k)
    append_utf8(out, u_foldCase(cps[k].c, U_FOLD_CASE_DEFAULT));
  return out;
}

// Canonical decimal string of integer digits and fraction digits: "0012" + "50" -> "12.5".
std::string canonical(std::string integer, std::string fraction) {
  const std::size_t first = integer.find_first_not_of('0');
  integer = first == std::string::npos ? "0" : integer.substr(first);
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  return fraction.empty() ? integer : integer + "." + fraction;
}

std::string strip_zeros(const std::string& digits) {
  const std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return "0";
  const std::size_t last = digits.find_last_not_of('0');
  return digits.substr(first, last - first + 1);
}

// Lower-case ASCII word starting at code point k (letters and dots), for scale words and
// a.m./p.m. markers.
std::string word_at(const std::vector<CodePoint>& cps, std::size_t k, std::size_t* after) {
  std::string out;
  while (k < cps.size() && (is_letter(cps[k].c) || cps[k].c == '.')) {
    const UChar32 c = u_tolower(cps[k].c);
    append_utf8(out, c);
    ++k;
    // "a. m." written with a space inside
    if (k + 1 < cps.size() && cps[k - 1].c == '.' && cps[k].c == ' ' && out.size() <= 2 &&
        (cps[k + 1].c == 'm' || cps[k + 1].c == 'M'))
      ++k;
  }
  if (after) *after = k;
  return out;
}

std::size_t skip_spaces(const std::vector<CodePoint>& cps, std::size_t k) {
  while (k < cps.size() && (cps[k].c == ' ' || cps[k].c == 0xA0 || cps[k].c == 0x202F)) ++k;
  return k;
}

// The decimal digits from code point `k` on, at most `most` of them, in ASCII; `k` moves past
// them.
std::string digits_at(const std::vector<CodePoint>& cps, std::size_t& k, std::size_t most) {
  std::string out;
  while (k < cps.size() && out.size() < most && is_digit(cps[k].c)) {
    out.push_back(static_cast<char>('0' + u_charDigitValue(cps[k].c)));
    ++k;
  }
  return out;
}

// A plain integer of at most two digits up to 10 (`digits` not empty): often written out in
// words instead.
bool small_integer(const std::string& digits) {
  return digits.size() <= 2 && std::stoi(digits) <= 10;
}

bool is_scale_word(const std::string& w) {
  static const char* const kWords[] = {
      "million",  "millions",  "billion", "billions", "trillion",  "trillions", "thousand",
      "mio",      "mio.",      "mrd",     "mrd.",     "millionen", "milliarde", "milliarden",
      "billion",  "billionen", "tsd",     "tsd.",     "milliard",  "milliards", "millón",
      "millones", "mil",       "milioni", "miliardi", "milione",   "miliardo",  "bn",
      "mn",       "m",         "k",       "bln",      "mln",       "млн",       "млрд",
      "тыс",      "тыс.",      "миллион", "миллиона", "миллионов", "миллиард",  "milhões",
      "milhão",   "bilhões",   "miljoen", "miljard",  "miljoner",  "miljarder", "millió",
      "milliárd", "ezer",      "lakh",    "lakhs",    "crore",     "crores"};
  for (const char* k : kWords)
    if (w == k) return true;
  // The word before a sentence's full stop ("5 million.").
  return w.size() > 1 && w.back() == '.' && is_scale_word(w.substr(0, w.size() - 1));
}

bool is_scale_char(UChar32 c) {
  return c == 0x4E07 /*万*/ || c == 0x842C /*萬*/ || c == 0x4EBF /*亿*/ || c == 0x5104 /*億*/ ||
         c == 0x5343 /*千*/ || c == 0x5146 /*兆*/ || c == 0x767E /*百*/;
}

bool is_time_char(UChar32 c) {
  return c == 0x70B9 /*点*/ || c == 0x9EDE /*點*/ || c == 0x6642 /*時*/ || c == 0x65F6 /*时*/;
}

bool is_month_char(UChar32 c) { return c == 0x6708 /*月*/ || c == 0xC6D4 /*월*/; }

bool is_hyphen(UChar32 c) { return c == '-' || c == 0x2010 || c == 0x2011; }

// A letter of a script with case (Latin, Greek, Cyrillic, ...): a word such a number is glued
// to is a name ("Covid-19", "G7"); Han and Kana letters glue to every number ("2021年").
bool is_cased_letter(UChar32 c) { return u_hasBinaryProperty(c, UCHAR_CASED) != 0; }

// The value of a Han numeral digit (〇 零 一 二 两 三 ... 九), else -1.
int han_digit(UChar32 c) {
  switch (c) {
    case 0x3007:
    case 0x96F6:
      return 0;
    case 0x4E00:
      return 1;
    case 0x4E8C:
    case 0x4E24:
    case 0x5169:
      return 2;
    case 0x4E09:
      return 3;
    case 0x56DB:
      return 4;
    case 0x4E94:
      return 5;
    case 0x516D:
      return 6;
    case 0x4E03:
      return 7;
    case 0x516B:
      return 8;
    case 0x4E5D:
      return 9;
    default:
      return -1;
  }
}

// The value of a Han numeral unit (十 百 千 万 萬 亿 億), else 0.
std::uint64_t han_unit(UChar32 c) {
  switch (c) {
    case 0x5341:
      return 10;
    case 0x767E:
      return 100;
    case 0x5343:
      return 1000;
    case 0x4E07:
    case 0x842C:
      return 10000;
    case 0x4EBF:
    case 0x5104:
      return 100000000;
    default:
      return 0;
  }
}

struct Masked {
  std::vector<bool> masked;  // per code point: part of a URL, e-mail or placeholder
};

bool url_char(UChar32 c) {
  return !is_space(c) && c != '<' && c != '>' && c != '"' && c != 0x201C && c != 0x201D &&
         c != 0x300C && c != 0x300D && c != 0xFF0C && c != 0x3002;
}

bool ascii_alnum(UChar32 c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool starts_with_at(const std::vector<CodePoint>& cps, std::size_t k, std::string_view prefix) {
  if (k + prefix.size() > cps.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (u_tolower(cps[k + i].c) != static_cast<UChar32>(prefix[i])) return false;
  return true;
}

void find_urls_emails(std::string_view text, const std::vector<CodePoint>& cps, Entities& e,
                      std::vector<bool>& masked) {
  const std::size_t n = cps.size();
  for (std::size_t k = 0; k < n; ++k) {
    if (masked[k]) continue;
    const bool at_word_start = k == 0 || !u_isalnum(cps[k - 1].c);
    if (at_word_start && (starts_with_at(cps, k, "http://") || starts_with_at(cps, k, "https://") ||
                          starts_with_at(cps, k, "www."))) {
      std::size_t end = k;
      while (end < n && url_char(cps[end].c)) ++end;
      while (end > k &&
             std::strchr(".,;:!?)]}'", static_cast<int>(cps[end - 1].c < 128 ? cps[end - 1].c
                                                                             : 'x')) != nullptr &&
             cps[end - 1].c < 128)
        --end;
      std::string url = lower_ascii(text.substr(cps[k].begin, cps[end - 1].end - cps[k].begin));
      if (url.rfind("https://", 0) == 0)
        url = url.substr(8);
      else if (url.rfind("http://", 0) == 0)
        url = url.substr(7);
      if (url.rfind("www.", 0) == 0) url = url.substr(4);
      while (!url.empty() && url.back() == '/') url.pop_back();
      e.urls.push_back(url);
      for (std::size_t i = k; i < end; ++i) masked[i] = true;
      k = end;
      continue;
    }
    if (cps[k].c == '@' && k > 0 && k + 1 < n) {
      // e-mail: local part before, domain with a dot after
      std::size_t begin = k;
      while (begin > 0 && !masked[begin - 1] &&
             (ascii_alnum(cps[begin - 1].c) ||
              std::strchr("._%+-", static_cast<int>(cps[begin - 1].c < 128 ? cps[begin - 1].c
                                                                           : 'x')) != nullptr) &&
             cps[begin - 1].c < 128)
        --begin;
      std::size_t end = k + 1;
      while (end < n && cps[end].c < 128 &&
             (ascii_alnum(cps[end].c) || cps[end].c == '.' || cps[end].c == '-'))
        ++end;
      while (end > k + 1 && cps[end - 1].c == '.') --end;
      bool has_dot = false;
      for (std::size_t i = k + 1; i < end; ++i) has_dot = has_dot || cps[i].c == '.';
      if (begin < k && has_dot) {
        e.emails.push_back(
            lower_ascii(text.substr(cps[begin].begin, cps[end - 1].end - cps[begin].begin)));
        for (std::size_t i = begin; i < end; ++i) masked[i] = true;
        k = end;
      }
    }
  }
}

void find_tags_placeholders(std::string_view text, const std::vector<CodePoint>& cps, Entities& e,
                            std::vector<bool>& masked) {
  const std::size_t n = cps.size();
  auto sub = [&](std::size_t from, std::size_t to) {
    return without_line_breaks(text.substr(cps[from].begin, cps[to - 1].end - cps[from].begin));
  };
  for (std::size_t k = 0; k < n; ++k) {
    if (masked[k]) continue;
    const UChar32 c = cps[k].c;
    const bool after_word = k > 0 && (u_isalnum(cps[k - 1].c) || cps[k - 1].c == '_');
    if ((c == '#' || c == '@') && !after_word) {
      std::size_t end = k + 1;
      bool letter = false;
      while (end < n && (u_isalnum(cps[end].c) || cps[end].c == '_' || is_mark(cps[end].c))) {
        letter = letter || is_letter(cps[end].c);
        ++end;
      }
      if (letter) {
        std::string tag = fold(cps, k, end);
        (c == '#' ? e.hashtags : e.mentions).push_back(tag);
        for (std::size_t i = k; i < end; ++i) masked[i] = true;
        k = end - 1;
      }
      continue;
    }
    if (c == '{' || (c == '$' && k + 1 < n && cps[k + 1].c == '{')) {
      // {0}, {name}, {{name}}, ${name}
      std::size_t start = k;
      std::size_t i = c == '$' ? k + 1 : k;
      std::size_t braces = 0;
      while (i < n && cps[i].c == '{') {
        ++braces;
        ++i;
      }
      const std::size_t name_begin = i;
      while (i < n && (ascii_alnum(cps[i].c) || cps[i].c == '_' || cps[i].c == '.' ||
                       cps[i].c == ':' || cps[i].c == ',' || cps[i].c == ' '))
        ++i;
      std::size_t closing = 0;
      while (i < n && cps[i].c == '}' && closing < braces) {
        ++closing;
        ++i;
      }
      if (closing == braces && braces <= 2 && i > name_begin + braces && name_begin < i - closing &&
          i - closing - name_begin <= 40) {
        e.placeholders.push_back(sub(start, i));
        for (std::size_t m = start; m < i; ++m) masked[m] = true;
        k = i - 1;
      }
      continue;
    }
    if (c == '%' && k + 1 < n) {
      // %s %d %1$s %(name)s %.2f %@
      std::size_t i = k + 1;
      if (cps[i].c == '(') {
        while (i < n && cps[i].c != ')' &&
               (ascii_alnum(cps[i].c) || cps[i].c == '_' || cps[i].c == '('))
          ++i;
        if (i < n && cps[i].c == ')')
          ++i;
        else
          continue;
      } else {
        while (i < n &&
               (u_isdigit(cps[i].c) || cps[i].c == '$' || cps[i].c == '.' || cps[i].c == '-'))
          ++i;
      }
      if (i < n && cps[i].c < 128 &&
          std::strchr("sdifuxXeEgGc@", static_cast<int>(cps[i].c)) != nullptr &&
          (i + 1 >= n || !ascii_alnum(cps[i + 1].c))) {
        e.placeholders.push_back(sub(k, i + 1));
        for (std::size_t m = k; m <= i; ++m) masked[m] = true;
        k = i;
      }
    }
  }
}

bool is_group_separator(UChar32 c) {
  return c == '.' || c == ',' || c == '\'' || c == 0x2019 || c == 0xA0 || c == 0x202F ||
         c == 0x2009 || c == 0x066C || c == 0xFF0C;
}

void find_numbers(std::string_view text, const std::vector<CodePoint>& cps, DecimalStyle style,
                  Entities& e, const std::vector<bool>& masked) {
  const std::size_t n = cps.size();
  std::size_t k = 0;
  while (k < n) {
    if (masked[k] || !is_digit(cps[k].c)) {
      ++k;
      continue;
    }
    // Collect groups of digits and the separators between them.
    std::vector<std::string> groups(1);
    std::vector<UChar32> seps;
    bool colon_time = false;
    std::size_t i = k;
    while (i < n && !masked[i]) {
      if (is_digit(cps[i].c)) {
        groups.back().push_back(static_cast<char>('0' + u_charDigitValue(cps[i].c)));
        ++i;
        continue;
      }
      if (i + 1 < n && is_digit(cps[i + 1].c) && !masked[i + 1]) {
        if (is_group_separator(cps[i].c)) {
          seps.push_back(cps[i].c);
          groups.emplace_back();
          ++i;
          continue;
        }
        if (cps[i].c == ':' && !colon_time && groups.size() == 1 && groups[0].size() <= 2 &&
            i + 2 < n + 1 && i + 2 <= n && is_digit(cps[i + 1].c) && i + 2 < n &&
            is_digit(cps[i + 2].c) && (i + 3 >= n || !is_digit(cps[i + 3].c))) {
          seps.push_back(':');
          groups.emplace_back();
          colon_time = true;
          ++i;
          continue;
        }
      }
      break;
    }
    const std::size_t end = i;
    NumberToken token;
    // Glued to a word, or to one by a hyphen (not to a letter between numbers, as in 20x16):
    // part of a name.
    bool glued = false;
    {
      std::size_t w = k > 1 && is_hyphen(cps[k - 1].c) ? k - 1 : k;
      const std::size_t word_end = w;
      while (w > 0 && is_cased_letter(cps[w - 1].c)) --w;
      glued = w < word_end && (w == 0 || !is_digit(cps[w - 1].c));
    }
    token.text = std::string(text.substr(cps[k].begin, cps[end - 1].end - cps[k].begin));
    std::string all_digits;
    for (const auto& g : groups) all_digits += g;
    token.digits_key = strip_zeros(all_digits);

    // What follows: a.m./p.m., Uhr, h, a scale word, a CJK time or scale character.
    std::size_t after = skip_spaces(cps, end);
    std::size_t word_end = after;
    const std::string next = word_at(cps, after, &word_end);
    const bool am = next == "a.m." || next == "am" || next == "a.m";
    const bool pm = next == "p.m." || next == "pm" || next == "p.m";
    const bool uhr = next == "uhr" || next == "h" || next == "o'clock" || next == "heures" ||
                     next == "horas" || next == "ore" || next == "uur" || next == "óra";
    const bool french_h = end < n && (cps[end].c == 'h' || cps[end].c == 'H') && end + 1 < n &&
                          is_digit(cps[end + 1].c);
    const bool cjk_time = after < n && is_time_char(cps[after].c);
    const bool two_groups_time = groups.size() == 2 && groups[0].size() <= 2 &&
                                 groups[1].size() == 2 && (seps[0] == '.' || seps[0] == ':');

    auto emit_time = [&](int hour, int minute) {
      if (pm && hour < 12) hour += 12;
      if (am && hour == 12) hour = 0;
      token.key =
          "t" + std::to_string(hour) + ":" + (minute < 10 ? "0" : "") + std::to_string(minute);
      e.numbers.push_back(token);
    };
    std::size_t resume = end;
    if (colon_time && groups.size() == 2 && std::stoi(groups[0]) <= 24) {
      emit_time(std::stoi(groups[0]), std::stoi(groups[1]));
      if (am || pm) resume = word_end;
      k = resume;
      continue;
    }
    if (groups.size() == 1 && groups[0].size() <= 2 && std::stoi(groups[0]) <= 24 &&
        (am || pm || uhr || cjk_time)) {
      int minute = 0;
      std::size_t j = end;
      if (cjk_time) {
        // 15时30分, 7 点 5 分: the minutes after the hour.
        std::size_t m = skip_spaces(cps, after + 1);
        const std::string digits = digits_at(cps, m, 3);
        m = skip_spaces(cps, m);
        if (!digits.empty() && digits.size() <= 2 && m < n && cps[m].c == 0x5206 /*分*/) {
          minute = std::stoi(digits);
          j = m + 1;
          token.text = std::string(text.substr(cps[k].begin, cps[m].end - cps[k].begin));
        } else {
          // The hour alone, as a small number: "7 点" may be "seven o'clock".
          token.optional = small_integer(groups[0]);
        }
      } else if (french_h) {
        j = end + 1;
        minute = std::stoi(digits_at(cps, j, 2));
      }
      emit_time(std::stoi(groups[0]), minute);
      k = std::max(j, (am || pm) ? word_end : end);
      continue;
    }
    if (groups.size() == 1 && groups[0].size() <= 2 && french_h) {
      std::size_t j = end + 1;
      const std::string m = digits_at(cps, j, 2);
      if (std::stoi(groups[0]) <= 24 && m.size() == 2) {
        emit_time(std::stoi(groups[0]), std::stoi(m));
        k = j;
        continue;
      }
    }
    if (two_groups_time && (uhr || am || pm) && std::stoi(groups[0]) <= 24) {
      emit_time(std::stoi(groups[0]), std::stoi(groups[1]));
      k = (am || pm) ? word_end : end;
      continue;
    }
    token.scaled = is_scale_word(next) || (after < n && is_scale_char(cps[after].c));
    token.optional = glued;

    // A plain number: grouping and decimal separators, or a list of components (dates).
    const UChar32 decimal = style == DecimalStyle::kComma ? ',' : '.';
    bool grouped = !seps.empty() && groups[0].size() <= 3 && !groups[0].empty();
    for (std::size_t g = 1; g < groups.size(); ++g) grouped = grouped && groups[g].size() == 3;
    bool same_sep = true;
    for (UChar32 s : seps) same_sep = same_sep && s == seps[0];
    if (seps.empty()) {
      token.key = canonical(groups[0], "");
      const bool month = groups[0].size() <= 2 && after < n && is_month_char(cps[after].c) &&
                         std::stoi(groups[0]) >= 1 && std::stoi(groups[0]) <= 12;
      token.optional = glued || small_integer(groups[0]) || month;
      e.numbers.push_back(token);
    } else if (seps.size() == 1 && (seps[0] == '.' || seps[0] == ',' || seps[0] == 0xFF0C)) {
      const UChar32 s = seps[0] == 0xFF0C ? ',' : seps[0];
      const std::string as_decimal = canonical(groups[0], groups[1]);
      const std::string as_grouped = canonical(groups[0] + groups[1], "");
      if (grouped) {
        token.key = s == decimal ? as_decimal : as_grouped;
        token.alt_key = s == decimal ? as_grouped : as_decimal;
      } else {
        token.key = as_decimal;
      }
      e.numbers.push_back(token);
    } else if (grouped && same_sep) {
      token.key = canonical(all_digits, "");
      e.numbers.push_back(token);
    } else if (!same_sep && seps.size() >= 2 && (seps.back() == '.' || seps.back() == ',')) {
      // 1,000.5 or 1.000,5 (or 1'000.5): the last separator is the decimal one.
      std::string integer;
      for (std::size_t g = 0; g + 1 < groups.size(); ++g) integer += groups[g];
      bool valid = groups[0].size() <= 3;
      for (std::size_t g = 1; g + 1 < groups.size(); ++g) valid = valid && groups[g].size() == 3;
      for (std::size_t s = 0; s + 1 < seps.size(); ++s) valid = valid && seps[s] != seps.back();
      if (valid) {
        token.key = canonical(integer, groups.back());
        e.numbers.push_back(token);
      } else {
        for (const auto& g : groups) {
          NumberToken part;
          part.text = g;
          part.key = canonical(g, "");
          part.digits_key = strip_zeros(g);
          part.optional = small_integer(g);
          e.numbers.push_back(part);
        }
      }
    } else {
      // 25.10.2019 and the like: compare the parts.
      for (const auto& g : groups) {
        NumberToken part;
        part.text = g;
        part.key = canonical(g, "");
        part.digits_key = strip_zeros(g);
        part.optional = small_integer(g);
        e.numbers.push_back(part);
      }
    }
    k = end;
  }
}

// Numbers in Han numerals (二十, 一百四十万, 二〇二一), as optional tokens: Chinese and Japanese
// write some numbers so where the other side has digits. A run that follows a number in digits
// is its scale (11 万) and was read with it; a run without a digit or 十 (千万, "must") is none.
constexpr std::uint64_t kMaxHanValue = 100'000'000'000;  // 10^11: times 10^8, no overflow

void find_han_numbers(std::string_view text, const std::vector<CodePoint>& cps, Entities& e,
                      const std::vector<bool>& masked) {
  const std::size_t n = cps.size();
  auto numeral = [&](std::size_t k) {
    return !masked[k] && (han_digit(cps[k].c) >= 0 || han_unit(cps[k].c) > 0);
  };
  std::size_t k = 0;
  while (k < n) {
    if (!numeral(k)) {
      ++k;
      continue;
    }
    std::size_t end = k;
    bool has_digit = false, has_unit = false;
    while (end < n && numeral(end)) {
      has_digit = has_digit || han_digit(cps[end].c) >= 0 || cps[end].c == 0x5341 /*十*/;
      has_unit = has_unit || han_unit(cps[end].c) > 0;
      ++end;
    }
    std::size_t before = k;
    while (before > 0 && (cps[before - 1].c == ' ' || cps[before - 1].c == 0xA0)) --before;
    if (!has_digit || end - k > 20 || (before > 0 && is_digit(cps[before - 1].c))) {
      k = end;
      continue;
    }
    auto emit = [&](std::size_t from, std::size_t to, std::uint64_t value) {
      NumberToken token;
      token.text = std::string(text.substr(cps[from].begin, cps[to - 1].end - cps[from].begin));
      token.key = std::to_string(value);
      token.digits_key = strip_zeros(token.key);
      token.optional = true;
      e.numbers.push_back(token);
    };
    if (!has_unit) {
      // Digit by digit: 二〇二一.
      std::uint64_t value = 0;
      for (std::size_t j = k; j < end; ++j)
        value = value * 10 + static_cast<std::uint64_t>(han_digit(cps[j].c));
      emit(k, end, value);
      k = end;
      continue;
    }
    // Positional: 一百四十万 = (100 + 40) * 10^4. Two digits in a row end a number (十四五).
    std::uint64_t total = 0, section = 0;
    int digit = -1;
    std::size_t from = k;
    for (std::size_t j = k; j < end; ++j) {
      const int d = han_digit(cps[j].c);
      if (d >= 0) {
        if (digit >= 0) {
          emit(from, j, total + section + static_cast<std::uint64_t>(digit));
          total = section = 0;
          from = j;
        }
        digit = d;
        continue;
      }
      const std::uint64_t unit = han_unit(cps[j].c);
      const std::uint64_t held = digit >= 0 ? static_cast<std::uint64_t>(digit) : 0;
      if (unit < 10000) {
        section += (digit >= 0 ? held : 1) * unit;
      } else if (section + held == 0) {
        total *= unit;  // 一万亿
      } else {
        total += (section + held) * unit;
        section = 0;
      }
      digit = -1;
      if (total > kMaxHanValue) break;  // no number anyone writes so
    }
    if (total <= kMaxHanValue)
      emit(from, end, total + section + (digit >= 0 ? static_cast<std::uint64_t>(digit) : 0));
    k = end;
  }
}

bool is_closing(UChar32 c) {
  return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' || c == 0x201D || c == 0x2019 ||
         c == 0xBB || c == 0x300D || c == 0x300F || c == 0xFF09 || c == 0x201C || c == 0xAB ||
         c == 0x203A || c == 0x3011;
}

bool is_terminal(UChar32 c) {
  return c == '.' || c == '!' || c == '?' || c == 0x3002 || c == 0xFF01 || c == 0xFF1F ||
         c == 0x2026 || c == 0x0964 || c == 0xFF0E || c == 0x061F || c == 0x06D4;
}

}  // namespace

DecimalStyle decimal_style(std::string_view lang) {
  std::string primary(lang.substr(0, lang.find_first_of("-_")));
  primary = lower_ascii(primary);
  static const char* const kComma[] = {
      "de", "fr", "es", "it", "pt", "nl", "ru", "pl", "cs", "sk", "hu", "sv", "da", "nb",
      "nn", "no", "fi", "tr", "ro", "bg", "uk", "hr", "sr", "sl", "el", "lt", "lv", "et",
      "id", "vi", "ca", "gl", "eu", "is", "az", "kk", "be", "mk", "sq", "bs", "af"};
  for (const char* c : kComma)
    if (primary == c) return DecimalStyle::kComma;
  return DecimalStyle::kPoint;
}

bool SegmentFacts::names_only() const {
  if (letters == 0 || lower_words > 0) return false;
  if (caseless_letters > 0) return false;
  return words <= 4;
}

Script SegmentFacts::dominant_script() const {
  std::size_t best = 0;
  for (std::size_t s = 1; s < kScriptCount; ++s)
    if (script[s] > script[best]) best = s;
  return script[best] == 0 ? Script::kOther : static_cast<Script>(best);
}

std::string without_line_breaks(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t k = 0; k < text.size();) {
    const std::size_t length = utf8::flat_break_length(text, k, utf8::Flatten::kLineBreaks);
    out += length == 0 ? text[k] : ' ';
    k += std::max<std::size_t>(length, 1);
  }
  return out;
}

SegmentFacts analyze(std::string_view text, std::string_view lang) {
  SegmentFacts f;
  f.text = text;
  const std::vector<CodePoint> cps = decode(text);
  const std::size_t n = cps.size();

  // Words, scripts, case.
  struct Word {
    std::size_t begin, end;
    Script script;
    bool upper_first, has_upper_inside;
  };
  std::vector<Word> words;
  std::vector<UChar32> normalized_cps;
  for (std::size_t k = 0; k < n;) {
    const UChar32 c = cps[k].c;
    if (is_digit(c)) {
      normalized_cps.push_back(c);
      ++k;
      continue;
    }
    if (!is_letter(c)) {
      ++k;
      continue;
    }
    Word w{k, k, script_of(c), u_isUUppercase(c) || u_istitle(c) != 0, false};
    while (k < n && (is_letter(cps[k].c) || is_mark(cps[k].c))) {
      const UChar32 d = cps[k].c;
      if (is_letter(d)) {
        const Script s = script_of(d);
        ++f.script[static_cast<std::size_t>(s)];
        ++f.letters;
        if (!is_cased_script(s) && s != Script::kOther) ++f.caseless_letters;
        if (k > w.begin && u_isUUppercase(d)) w.has_upper_inside = true;
        normalized_cps.push_back(u_foldCase(d, U_FOLD_CASE_DEFAULT));
      }
      ++k;
      // Han, Kana and Thai have no spaces: every letter is its own "word" for counting.
      if (w.script == Script::kHan || w.script == Script::kKana || w.script == Script::kThai) break;
    }
    w.end = k;
    words.push_back(w);
  }
  for (const Word& w : words) {
    if (!is_cased_script(w.script)) continue;
    ++f.words;
    if (!w.upper_first && u_isULowercase(cps[w.begin].c)) ++f.lower_words;
  }
  for (UChar32 c : normalized_cps) append_utf8(f.normalized, c);
  for (std::size_t k = 0; k + 1 < normalized_cps.size(); ++k)
    f.grams.push_back(static_cast<std::uint32_t>(normalized_cps[k]) * 2654435761u ^
                      static_cast<std::uint32_t>(normalized_cps[k + 1]));
  if (normalized_cps.size() == 1) f.grams.push_back(static_cast<std::uint32_t>(normalized_cps[0]));
  std::sort(f.grams.begin(), f.grams.end());

  // The end of the sentence.
  std::size_t last = n;
  while (last > 0 && (is_space(cps[last - 1].c) || is_closing(cps[last - 1].c))) --last;
  f.ends_terminal = last > 0 && is_terminal(cps[last - 1].c);

  // Entities.
  std::vector<bool> masked(n, false);
  find_urls_emails(text, cps, f.entities, masked);
  find_tags_placeholders(text, cps, f.entities, masked);
  find_numbers(text, cps, decimal_style(lang), f.entities, masked);
  find_han_numbers(text, cps, f.entities, masked);

  for (const NumberToken& t : f.entities.numbers) {
    if (!t.optional) f.strong_anchors.push_back(hash("n", t.key));
  }
  for (const auto& u : f.entities.urls) f.strong_anchors.push_back(hash("u", u));
  for (const auto& u : f.entities.emails) f.strong_anchors.push_back(hash("e", u));
  for (const auto& u : f.entities.hashtags) f.strong_anchors.push_back(hash("h", u));
  for (const auto& u : f.entities.mentions) f.strong_anchors.push_back(hash("m", u));
  for (const auto& u : f.entities.placeholders) f.strong_anchors.push_back(hash("p", u));
  std::sort(f.strong_anchors.begin(), f.strong_anchors.end());

  // Names: capitalized words of a cased script (not the first word unless it is all caps or
  // camel case), and every cased-script word inside a caseless-script segment ("iPhone" in a
  // Chinese sentence). Compared case-folded.
  const bool caseless_host = f.caseless_letters * 2 > f.letters;
  for (std::size_t w = 0; w < words.size(); ++w) {
    const Word& word = words[w];
    if (!is_cased_script(word.script) || word.end - word.begin < 2) continue;
    if (word.begin < n && masked[word.begin]) continue;
    // The first word of a sentence is capitalized anyway: only long ones count ("Lakos").
    const bool name = caseless_host || word.has_upper_inside ||
                      (word.upper_first && (w > 0 || word.end - word.begin >= 4));
    if (!name) continue;
    // Names inflect ("Milosevic", "Milosevics"): compare the first five letters.
    const std::size_t stem = std::min<std::size_t>(word.end, word.begin + 5);
    f.name_anchors.push_back(hash("w", fold(cps, word.begin, stem)));
  }
  std::sort(f.name_anchors.begin(), f.name_anchors.end());
  f.name_anchors.erase(std::unique(f.name_anchors.begin(), f.name_anchors.end()),
                       f.name_anchors.end());

  // Terms for the document's lexicon.
  for (std::size_t w = 0; w < words.size(); ++w) {
    const Word& word = words[w];
    if (word.begin < n && masked[word.begin]) continue;
    const bool unspaced =
        word.script == Script::kHan || word.script == Script::kKana || word.script == Script::kThai;
    if (!unspaced) {
      if (word.end - word.begin < 2) continue;
      f.terms.push_back(
          hash("t", fold(cps, word.begin, std::min<std::size_t>(word.end, word.begin + 5))));
      continue;
    }
    if (word.script == Script::kHan) f.terms.push_back(hash("t1", fold(cps, word.begin, word.end)));
    if (w > 0 && words[w - 1].end == word.begin && words[w - 1].script == word.script)
      f.terms.push_back(hash("t2", fold(cps, words[w - 1].begin, word.end)));
  }
  std::sort(f.terms.begin(), f.terms.end());
  f.terms.erase(std::unique(f.terms.begin(), f.terms.end()), f.terms.end());
  return f;
}

double similarity(const SegmentFacts& a, const SegmentFacts& b) {
  if (a.grams.empty() || b.grams.empty()) return a.normalized == b.normalized ? 1.0 : 0.0;
  std::size_t i = 0, j = 0, common = 0;
  while (i < a.grams.size() && j < b.grams.size()) {
    if (a.grams[i] < b.grams[j]) {
      ++i;
    } else if (b.grams[j] < a.grams[i]) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  return 2.0 * static_cast<double>(common) / static_cast<double>(a.grams.size() + b.grams.size());
}

std::size_t count_common(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  std::size_t i = 0, j = 0, common = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  return common;
}

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// Multiset difference of plain string entities.
void compare_strings(const std::vector<std::string>& source, const std::vector<std::string>& target,
                     const char* code, const char* what, std::vector<EntityDifference>& out) {
  std::vector<std::string> s = source, t = target, only_s, only_t;
  std::sort(s.begin(), s.end());
  std::sort(t.begin(), t.end());
  std::set_difference(s.begin(), s.end(), t.begin(), t.end(), std::back_inserter(only_s));
  std::set_difference(t.begin(), t.end(), s.begin(), s.end(), std::back_inserter(only_t));
  if (only_s.empty() && only_t.empty()) return;
  std::string message;
  if (!only_s.empty() && !only_t.empty())
    message = std::string(what) + " differ: " + join(only_s) + " in the source, " + join(only_t) +
              " in the target";
  else if (!only_s.empty())
    message = std::string(what) + " missing from the target: " + join(only_s);
  else
    message = std::string(what) + " not in the source: " + join(only_t);
  out.push_back({code, message});
}

bool numbers_match(const NumberToken& a, const NumberToken& b) {
  if (a.key == b.key) return true;
  if (!a.alt_key.empty() && a.alt_key == b.key) return true;
  if (!b.alt_key.empty() && b.alt_key == a.key) return true;
  if (!a.alt_key.empty() && a.alt_key == b.alt_key) return true;
  if ((a.scaled || b.scaled) && a.digits_key == b.digits_key) return true;
  // A time written on a 12-hour clock without a.m./p.m. ("5:00" for 17:00).
  if (a.key.size() > 1 && b.key.size() > 1 && a.key[0] == 't' && b.key[0] == 't') {
    const auto colon_a = a.key.find(':'), colon_b = b.key.find(':');
    if (a.key.substr(colon_a) == b.key.substr(colon_b)) {
      const int ha = std::stoi(a.key.substr(1, colon_a - 1));
      const int hb = std::stoi(b.key.substr(1, colon_b - 1));
      if (ha % 12 == hb % 12) return true;
    }
  }
  // A time of day against the bare hour ("um 17" / "at 17:00").
  if (a.key[0] == 't' && a.key.size() > 3 && a.key.substr(a.key.size() - 3) == ":00" &&
      a.key.substr(1, a.key.size() - 4) == b.key)
    return true;
  if (b.key[0] == 't' && b.key.size() > 3 && b.key.substr(b.key.size() - 3) == ":00" &&
      b.key.substr(1, b.key.size() - 4) == a.key)
    return true;
  return false;
}

}  // namespace

std::vector<EntityDifference> compare_entities(const std::vector<const Entities*>& source,
                                               const std::vector<const Entities*>& target) {
  std::vector<EntityDifference> out;
  std::vector<const NumberToken*> s_numbers, t_numbers;
  Entities s, t;
  for (const Entities* e : source) {
    for (const auto& x : e->numbers) s_numbers.push_back(&x);
    s.urls.insert(s.urls.end(), e->urls.begin(), e->urls.end());
    s.emails.insert(s.emails.end(), e->emails.begin(), e->emails.end());
    s.hashtags.insert(s.hashtags.end(), e->hashtags.begin(), e->hashtags.end());
    s.mentions.insert(s.mentions.end(), e->mentions.begin(), e->mentions.end());
    s.placeholders.insert(s.placeholders.end(), e->placeholders.begin(), e->placeholders.end());
  }
  for (const Entities* e : target) {
    for (const auto& x : e->numbers) t_numbers.push_back(&x);
    t.urls.insert(t.urls.end(), e->urls.begin(), e->urls.end());
    t.emails.insert(t.emails.end(), e->emails.begin(), e->emails.end());
    t.hashtags.insert(t.hashtags.end(), e->hashtags.begin(), e->hashtags.end());
    t.mentions.insert(t.mentions.end(), e->mentions.begin(), e->mentions.end());
    t.placeholders.insert(t.placeholders.end(), e->placeholders.begin(), e->placeholders.end());
  }
  // Numbers: greedy one-to-one matching; an unmatched optional number is not reported.
  std::vector<bool> t_used(t_numbers.size(), false);
  std::vector<std::string> only_s, only_t;
  for (const NumberToken* a : s_numbers) {
    bool found = false;
    for (std::size_t j = 0; j < t_numbers.size() && !found; ++j) {
      if (!t_used[j] && numbers_match(*a, *t_numbers[j])) {
        t_used[j] = true;
        found = true;
      }
    }
    if (!found) {
      // A number repeated on one side needs no second counterpart.
      for (std::size_t j = 0; j < t_numbers.size() && !found; ++j)
        found = numbers_match(*a, *t_numbers[j]);
    }
    if (!found && !a->optional) only_s.push_back(a->text);
  }
  for (std::size_t j = 0; j < t_numbers.size(); ++j) {
    if (t_used[j] || t_numbers[j]->optional) continue;
    bool found = false;
    for (const NumberToken* a : s_numbers) found = found || numbers_match(*a, *t_numbers[j]);
    if (!found) only_t.push_back(t_numbers[j]->text);
  }
  if (!only_s.empty() || !only_t.empty()) {
    std::string message;
    if (!only_s.empty() && !only_t.empty())
      message =
          "numbers differ: " + join(only_s) + " in the source, " + join(only_t) + " in the target";
    else if (!only_s.empty())
      message = "numbers missing from the target: " + join(only_s);
    else
      message = "numbers not in the source: " + join(only_t);
    out.push_back({"mismatch.number", message});
  }
  compare_strings(s.urls, t.urls, "mismatch.url", "URLs", out);
  compare_strings(s.emails, t.emails, "mismatch.email", "e-mail addresses", out);
  compare_strings(s.hashtags, t.hashtags, "mismatch.hashtag", "hashtags", out);
  compare_strings(s.mentions, t.mentions, "mismatch.mention", "@mentions", out);
  compare_strings(s.placeholders, t.placeholders, "mismatch.placeholder", "placeholders", out);
  return out;
}

}  // namespace tralign::internal
