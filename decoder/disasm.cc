#include "decoder/disasm.h"

#include <bit>
#include <cinttypes>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>

#include "decoder/decode.h"
#include "decoder/formats.h"

namespace vgpu::virgl {
namespace {

constexpr size_t kShownTailWords = 16;

std::string escape_text(std::span<const uint8_t> bytes) {
  std::string out;
  for (uint8_t c : bytes) {
    if (c == 0) break;  // texts are NUL terminated and NUL padded
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      default:
        if (c >= 0x20 && c < 0x7f) {
          out += static_cast<char>(c);
        } else {
          char hex[8];
          std::snprintf(hex, sizeof hex, "\\x%02x", c);
          out += hex;
        }
    }
  }
  return out;
}

// The text as a JSON string value: guest bytes are not UTF-8 by any promise, so anything
// outside printable ASCII (and newline, tab) becomes a visible \xHH; serialising then cannot
// fail on what a guest sent.
std::string text_of(std::span<const uint8_t> bytes) {
  std::string out;
  for (uint8_t c : bytes) {
    if (c == 0) break;
    if ((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t') {
      out += static_cast<char>(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    }
  }
  return out;
}

std::string flag_names(uint32_t value, std::span<const FlagName> names) {
  std::string out;
  uint32_t rest = value;
  for (const auto& f : names) {
    if (value & f.bit) {
      if (!out.empty()) out += '|';
      out += f.name;
      rest &= ~f.bit;
    }
  }
  if (rest || out.empty()) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%x", rest);
    if (!out.empty()) out += '|';
    out += hex;
  }
  return out;
}

// Field names as the disassembler shows them: groups and array elements as prefixes
// ("dst.box.x", "elements[2].src_format").
class NamePath {
 public:
  std::string full(const char* name) const { return prefix_ + name; }
  template <class Fn>
  void nested(const std::string& part, Fn&& fn) {
    const size_t saved = prefix_.size();
    prefix_ += part + ".";
    fn();
    prefix_.resize(saved);
  }

 private:
  std::string prefix_;
};

// Walks describe() and hands each field, already rendered, to Sink::emit(path, text, json).
template <class Sink>
class FieldPrinter {
 public:
  explicit FieldPrinter(Sink& sink) : sink_(sink) {}

  void u32(const char* n, uint32_t& f) { sink_.emit(path_.full(n), std::to_string(f), f); }
  void i32(const char* n, int32_t& f) { sink_.emit(path_.full(n), std::to_string(f), f); }
  void f32(const char* n, float& f) { sink_.emit(path_.full(n), real(f), f); }
  void u64(const char* n, uint64_t& f) { sink_.emit(path_.full(n), std::to_string(f), f); }
  void f64(const char* n, double& f) { sink_.emit(path_.full(n), real(f), f); }
  void new_handle(const char* n, uint32_t& f) { u32(n, f); }
  void handle(const char* n, uint32_t& f, ObjectType) { u32(n, f); }
  void resource(const char* n, uint32_t& f) { u32(n, f); }
  void format(const char* n, uint32_t& f) {
    const std::string name(format_name(f));
    sink_.emit(path_.full(n), name, name);
  }
  template <size_t N>
  void choice(const char* n, uint32_t& f, const std::array<std::string_view, N>& names) {
    const std::string name = f < N ? std::string(names[f]) : std::to_string(f);
    sink_.emit(path_.full(n), name, name);
  }
  template <size_t N>
  void flags(const char* n, uint32_t& f, const std::array<FlagName, N>& names) {
    const std::string text = flag_names(f, names);
    sink_.emit(path_.full(n), text, text);
  }
  void object_type(uint32_t& f) {
    const std::string name(object_type_name(f));
    sink_.emit(path_.full("object_type"), name, name);
  }
  struct BitPrinter {
    FieldPrinter& p;
    uint32_t word = 0;
    void bits(const char* n, uint32_t& f, unsigned, unsigned) { p.u32(n, f); }
  };
  template <class Fn>
  void packed(const char*, Fn&& fn) {
    BitPrinter bits{*this};
    fn(bits);
  }
  template <class S>
  void group(const char* n, S& s) {
    path_.nested(n, [&] { describe(*this, s); });
  }
  template <class E, size_t N>
  void fixed(const char* n, std::array<E, N>& a) {
    elements(n, std::span<E>(a.data(), a.size()));
  }
  template <class E, size_t N>
  void array(const char* n, BoundedArray<E, N>& a) {
    elements(n, std::span<E>(a.begin(), a.size()));
  }
  template <class E, size_t N>
  void count(const char* n, BoundedArray<E, N>& a) {
    uint32_t size = static_cast<uint32_t>(a.size());
    u32(n, size);
  }
  template <class E, size_t N>
  void items(const char* n, BoundedArray<E, N>& a) {
    array(n, a);
  }
  bool present(bool& flag) { return flag; }
  void tail_words(const char* n, std::span<const uint32_t>& s) {
    std::string text = "<" + std::to_string(s.size()) + " dwords";
    nlohmann::json head = nlohmann::json::array();
    for (size_t i = 0; i < s.size() && i < kShownTailWords; ++i) {
      char hex[16];
      std::snprintf(hex, sizeof hex, " %08x", s[i]);
      text += hex;
      head.push_back(s[i]);
    }
    text += s.size() > kShownTailWords ? " ...>" : ">";
    sink_.emit(path_.full(n), text, nlohmann::json{{"dwords", s.size()}, {"head", head}});
  }
  void tail_bytes(const char* n, std::span<const uint8_t>& s) {
    sink_.emit(path_.full(n), "\"" + escape_text(s) + "\"", text_of(s));
  }
  void counted_bytes(const char* n, uint32_t& length, std::span<const uint8_t>& s) {
    u32((std::string(n) + "_length").c_str(), length);
    tail_bytes(n, s);
  }
  template <class MessageFn>
  void require(bool, ErrorKind, MessageFn&&) {}

 private:
  static std::string real(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
  }
  template <class E>
  void elements(const char* n, std::span<E> items) {
    if constexpr (std::is_arithmetic_v<E>) {
      std::string text = "[";
      nlohmann::json values = nlohmann::json::array();
      for (size_t i = 0; i < items.size(); ++i) {
        if (i) text += ',';
        if constexpr (std::is_floating_point_v<E>) {
          text += real(items[i]);
        } else {
          text += std::to_string(items[i]);
        }
        values.push_back(items[i]);
      }
      sink_.emit(path_.full(n), text + "]", values);
    } else {
      for (size_t i = 0; i < items.size(); ++i)
        path_.nested(std::string(n) + "[" + std::to_string(i) + "]",
                     [&] { describe(*this, items[i]); });
    }
  }

  Sink& sink_;
  NamePath path_;
};

std::string label(const CommandLocation& w) {
  std::string s(command_name(w.header.command));
  if (w.header.command == static_cast<uint8_t>(CommandId::CREATE_OBJECT))
    s += "(" + std::string(object_type_name(w.header.object_type)) + ")";
  return s;
}

class TextDisassembler : public CommandVisitor {
 public:
  std::string out;
  void emit(const std::string& path, const std::string& text, const nlohmann::json&) {
    out += " " + path + "=" + text;
  }
  void on_rejected(const DecodeError& e, const CommandLocation& w) override {
    out += "@" + std::to_string(w.offset) + " ! " + e.message + "\n";
  }
#define VGPU_PRINT(Payload)                                        \
  void on(const Payload& p, const CommandLocation& w) override {   \
    out += "@" + std::to_string(w.offset) + " " + label(w);        \
    FieldPrinter<TextDisassembler> printer(*this);                 \
    describe(printer, const_cast<Payload&>(p));                    \
    out += "\n";                                                   \
  }
#define VGPU_COMMAND(id, NAME, Payload, rule, status) VGPU_PRINT(Payload)
#define VGPU_OBJECT(id, NAME, Payload, rule, bindable) VGPU_PRINT(Payload)
#include "decoder/commands.def"
#include "decoder/objects.def"
#undef VGPU_COMMAND
#undef VGPU_OBJECT
#undef VGPU_PRINT
};

nlohmann::json error_json(const DecodeError& e) {
  return {{"tier", e.tier == ErrorTier::Stream ? "stream" : "command"},
          {"kind", error_kind_name(e.kind)},
          {"command", e.command},
          {"offset", e.offset},
          {"message", e.message}};
}

class JsonDisassembler : public CommandVisitor {
 public:
  nlohmann::json commands = nlohmann::json::array();
  nlohmann::json* fields = nullptr;
  void emit(const std::string& path, const std::string&, const nlohmann::json& value) {
    (*fields)[path] = value;
  }
  void on_rejected(const DecodeError& e, const CommandLocation& w) override {
    commands.push_back({{"offset", w.offset}, {"command", label(w)}, {"error", error_json(e)}});
  }
#define VGPU_PRINT(Payload)                                                      \
  void on(const Payload& p, const CommandLocation& w) override {                 \
    nlohmann::json entry = {{"offset", w.offset}, {"command", label(w)}};        \
    nlohmann::json f = nlohmann::json::object();                                 \
    fields = &f;                                                                 \
    FieldPrinter<JsonDisassembler> printer(*this);                               \
    describe(printer, const_cast<Payload&>(p));                                  \
    entry["fields"] = std::move(f);                                              \
    commands.push_back(std::move(entry));                                        \
  }
#define VGPU_COMMAND(id, NAME, Payload, rule, status) VGPU_PRINT(Payload)
#define VGPU_OBJECT(id, NAME, Payload, rule, bindable) VGPU_PRINT(Payload)
#include "decoder/commands.def"
#include "decoder/objects.def"
#undef VGPU_COMMAND
#undef VGPU_OBJECT
#undef VGPU_PRINT
};

}  // namespace

std::string disassemble(std::span<const uint32_t> stream, DecodeSummary* summary_out) {
  TextDisassembler d;
  const DecodeSummary summary = decode(stream, d);
  if (summary.stream_error) d.out += "! " + summary.stream_error->message + "\n";
  if (summary_out) *summary_out = summary;
  return std::move(d.out);
}

nlohmann::json disassemble_json(std::span<const uint32_t> stream, DecodeSummary* summary_out) {
  JsonDisassembler d;
  const DecodeSummary summary = decode(stream, d);
  nlohmann::json out = {{"commands", std::move(d.commands)}};
  if (summary.stream_error) out["error"] = error_json(*summary.stream_error);
  if (summary_out) *summary_out = summary;
  return out;
}

}  // namespace vgpu::virgl
