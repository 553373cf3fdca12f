// Payloads of the housekeeping commands (NOP, debug flags, tweaks, string markers) and of the
// video commands, which are decoded so they can be shown and recorded, then answered as
// unsupported (see the status column of commands.def).
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>

#include "decoder/protocol.h"
#include "decoder/schema.h"

namespace vgpu::virgl {

template <class T>
bool same_words(std::span<const T> a, std::span<const T> b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

struct Nop {
  std::span<const uint32_t> padding;
  bool operator==(const Nop& o) const { return same_words(padding, o.padding); }
};
template <class V>
void describe(V& v, Nop& s) {
  v.tail_words("padding", s.padding);
}

// The flag string (e.g. "shader,feat") fills the payload, NUL padded.
struct SetDebugFlags {
  std::span<const uint8_t> flags;
  bool operator==(const SetDebugFlags& o) const { return same_words(flags, o.flags); }
};
template <class V>
void describe(V& v, SetDebugFlags& s) {
  v.tail_bytes("flags", s.flags);
}

struct SetTweaks {
  uint32_t id = 0, value = 0;
  bool operator==(const SetTweaks&) const = default;
};
template <class V>
void describe(V& v, SetTweaks& s) {
  v.choice("id", s.id, kTweakNames);
  v.u32("value", s.value);
}

struct SendStringMarker {
  uint32_t length = 0;  // bytes of text
  std::span<const uint8_t> text;
  bool operator==(const SendStringMarker& o) const {
    return length == o.length && same_words(text, o.text);
  }
};
template <class V>
void describe(V& v, SendStringMarker& s) {
  v.counted_bytes("text", s.length, s.text);
}

// ---- video (VIRGL_CCMD_*_VIDEO_*, BEGIN/END_FRAME, DECODE/ENCODE_*) ---------------------------
// Each keeps its documented leading fields by name and the rest of its payload as words.
struct CreateVideoCodec {
  uint32_t handle = 0, profile = 0, entrypoint = 0, chroma_format = 0, level = 0, width = 0;
  uint32_t height = 0;
  std::span<const uint32_t> rest;  // max_references and later additions
  bool operator==(const CreateVideoCodec& o) const {
    return handle == o.handle && profile == o.profile && entrypoint == o.entrypoint &&
           chroma_format == o.chroma_format && level == o.level && width == o.width &&
           height == o.height && same_words(rest, o.rest);
  }
};
template <class V>
void describe(V& v, CreateVideoCodec& s) {
  v.u32("handle", s.handle);
  v.u32("profile", s.profile);
  v.u32("entrypoint", s.entrypoint);
  v.u32("chroma_format", s.chroma_format);
  v.u32("level", s.level);
  v.u32("width", s.width);
  v.u32("height", s.height);
  v.tail_words("rest", s.rest);
}

// DESTROY_VIDEO_CODEC and DESTROY_VIDEO_BUFFER carry one handle.
struct VideoHandle {
  uint32_t handle = 0;
  std::span<const uint32_t> rest;
  bool operator==(const VideoHandle& o) const {
    return handle == o.handle && same_words(rest, o.rest);
  }
};
template <class V>
void describe(V& v, VideoHandle& s) {
  v.u32("handle", s.handle);
  v.tail_words("rest", s.rest);
}
struct DestroyVideoCodec : VideoHandle {};
struct DestroyVideoBuffer : VideoHandle {};

struct CreateVideoBuffer {
  uint32_t handle = 0, format = 0, width = 0, height = 0;
  std::span<const uint32_t> resources;  // one resource per plane
  bool operator==(const CreateVideoBuffer& o) const {
    return handle == o.handle && format == o.format && width == o.width && height == o.height &&
           same_words(resources, o.resources);
  }
};
template <class V>
void describe(V& v, CreateVideoBuffer& s) {
  v.u32("handle", s.handle);
  v.u32("format", s.format);
  v.u32("width", s.width);
  v.u32("height", s.height);
  v.tail_words("resources", s.resources);
}

// BEGIN_FRAME and END_FRAME: codec handle, target buffer handle.
struct VideoFrame {
  uint32_t codec = 0, target = 0;
  std::span<const uint32_t> rest;
  bool operator==(const VideoFrame& o) const {
    return codec == o.codec && target == o.target && same_words(rest, o.rest);
  }
};
template <class V>
void describe(V& v, VideoFrame& s) {
  v.u32("codec", s.codec);
  v.u32("target", s.target);
  v.tail_words("rest", s.rest);
}
struct BeginFrame : VideoFrame {};
struct EndFrame : VideoFrame {};

struct DecodeMacroblock {
  std::span<const uint32_t> words;
  bool operator==(const DecodeMacroblock& o) const { return same_words(words, o.words); }
};
template <class V>
void describe(V& v, DecodeMacroblock& s) {
  v.tail_words("words", s.words);
}

struct DecodeBitstream {
  uint32_t codec = 0, target = 0, descriptor = 0, buffers = 0, buffer_sizes = 0;
  std::span<const uint32_t> rest;
  bool operator==(const DecodeBitstream& o) const {
    return codec == o.codec && target == o.target && descriptor == o.descriptor &&
           buffers == o.buffers && buffer_sizes == o.buffer_sizes && same_words(rest, o.rest);
  }
};
template <class V>
void describe(V& v, DecodeBitstream& s) {
  v.u32("codec", s.codec);
  v.u32("target", s.target);
  v.u32("descriptor", s.descriptor);
  v.u32("buffers", s.buffers);
  v.u32("buffer_sizes", s.buffer_sizes);
  v.tail_words("rest", s.rest);
}

struct EncodeBitstream {
  uint32_t codec = 0, source = 0, destination = 0, descriptor = 0, feedback = 0;
  std::span<const uint32_t> rest;
  bool operator==(const EncodeBitstream& o) const {
    return codec == o.codec && source == o.source && destination == o.destination &&
           descriptor == o.descriptor && feedback == o.feedback && same_words(rest, o.rest);
  }
};
template <class V>
void describe(V& v, EncodeBitstream& s) {
  v.u32("codec", s.codec);
  v.u32("source", s.source);
  v.u32("destination", s.destination);
  v.u32("descriptor", s.descriptor);
  v.u32("feedback", s.feedback);
  v.tail_words("rest", s.rest);
}

}  // namespace vgpu::virgl
