// Images (IMAGE[n]): declarations and LOAD / STORE / ATOM* / RESQ on them.
//
// IMAGE[n] of stage s is `vgpu_image<n>` at image unit image_unit(s, n), declared with the
// format of its DCL (image_formats.def) and the image type that format's elements need
// (image2D / iimage2D / uimage2D).  A DCL without format (PIPE_FORMAT_NONE) is only valid for
// images that are never read (GLSL requires the format for loads), so it is declared writeonly.
// Registers hold uvec4 bits: loads convert the texel to bits, stores and atomics convert back.
#include <algorithm>
#include <string>
#include <string_view>

#include "renderer/shader/image_formats.h"
#include "renderer/shader/instruction_emit.h"
#include "renderer/shader/operands.h"

namespace vgpu::shader {
namespace {

using tgsi::Opcode;
using tgsi::OperandType;
using tgsi::RegisterFile;
using tgsi::TextureTarget;

// texture_targets.def read for images: the GLSL suffix and how many integer coordinates
// address a texel.  Image coordinates differ from sampler ones for cube arrays (layer-face in
// z, three components) and have no shadow targets.
struct ImageTarget {
  TextureTarget target;
  std::string_view suffix;
  int coords;
  bool shadow;
};
constexpr ImageTarget kImageTargets[] = {
#define VGPU_GLSL_TEXTURE(T, suffix, coords, shadow) \
  {TextureTarget::T, suffix, (coords) > 3 ? 3 : (coords), (shadow) != 0},
#include "renderer/shader/texture_targets.def"
#undef VGPU_GLSL_TEXTURE
};

const ImageTarget* image_target(TextureTarget t) {
  for (const ImageTarget& r : kImageTargets) {
    if (r.target == t && !r.shadow) return &r;
  }
  return nullptr;
}

bool is_multisample(TextureTarget t) {
  return t == TextureTarget::Msaa2D || t == TextureTarget::MsaaArray2D;
}

// Components imageSize() returns: cubes report one face, cube arrays the number of cubes.
int size_components(const ImageTarget& t) {
  if (t.target == TextureTarget::Cube) return 2;
  return t.coords;
}

struct ImageUse {
  const tgsi::Declaration* declaration = nullptr;
  const ImageTarget* target = nullptr;
  char element = 'F';
  std::string name;
};

// IMAGE[n], or a failure when it is not declared.
ImageUse image_use(Context& ctx, const tgsi::RegisterRef& reg, uint32_t n) {
  ImageUse use;
  use.declaration = ctx.shader.find_declaration(RegisterFile::Image, n);
  if (!use.declaration) {
    ctx.fail(reg.where, "IMAGE[" + std::to_string(n) + "] is not declared");
    return use;
  }
  use.target = image_target(use.declaration->texture);
  const ImageFormat* format = find_image_format(use.declaration->image_format);
  use.element = format ? format->element : 'F';
  use.name = "vgpu_image" + std::to_string(n);
  return use;
}

OperandType element_operand(char element) {
  return element == 'I' ? OperandType::I : element == 'U' ? OperandType::U : OperandType::F;
}

// The integer coordinate (and sample index for multisample images) from a source operand.
std::string coordinate(Context& ctx, const ImageUse& use, const tgsi::SrcOperand& src) {
  const std::string bits = "ivec4(" + fetch_bits(ctx, src) + ")";
  const int n = use.target->coords;
  std::string c = n == 1 ? bits + ".x" : "ivec" + std::to_string(n) + "(" + bits + "." +
                                            std::string("xyzw").substr(0, static_cast<size_t>(n)) +
                                            ")";
  if (is_multisample(use.target->target)) c += ", " + bits + ".w";
  return c;
}

std::string texel_to_bits(char element, const std::string& texel) {
  if (element == 'F') return "floatBitsToUint(" + texel + ")";
  return element == 'I' ? "uvec4(" + texel + ")" : texel;
}

void declare_image(Context& ctx, const tgsi::Declaration& d, uint32_t n) {
  const ImageTarget* target = image_target(d.texture);
  if (!target) {
    ctx.fail(d.where, "IMAGE[" + std::to_string(n) + "] has a target images cannot have");
    return;
  }
  const ImageFormat* format = find_image_format(d.image_format);
  if (!format && d.image_format != 0) {
    ctx.fail(d.where, "IMAGE[" + std::to_string(n) + "] format " +
                          std::to_string(d.image_format) + " is not an image format");
    return;
  }
  std::string layout = "layout(binding = " + std::to_string(image_unit(ctx.info.stage, n));
  std::string qualifiers;
  if (format) {
    layout += ", " + std::string(format->glsl);
    qualifiers = d.image_writable ? "coherent " : "readonly ";
  } else {
    qualifiers = "writeonly ";
  }
  const char prefix = format && format->element == 'I' ? 'i' : format && format->element == 'U'
                                                                   ? 'u'
                                                                   : ' ';
  std::string type = "image" + std::string(target->suffix);
  if (prefix != ' ') type.insert(type.begin(), prefix);
  ctx.declarations += layout + ") uniform " + qualifiers + "highp " + type + " vgpu_image" +
                      std::to_string(n) + ";\n";
  ImageInfo info;
  info.slot = n;
  info.tgsi_target = static_cast<uint32_t>(d.texture);
  info.format = d.image_format;
  info.writable = d.image_writable || !format;
  info.readable = format != nullptr;
  ctx.info.images.push_back(info);
}

}  // namespace

const char* image_atomic_function(tgsi::Opcode op) {
  switch (op) {
    case Opcode::ATOMUADD: return "imageAtomicAdd";
    case Opcode::ATOMXCHG: return "imageAtomicExchange";
    case Opcode::ATOMCAS: return "imageAtomicCompSwap";
    case Opcode::ATOMAND: return "imageAtomicAnd";
    case Opcode::ATOMOR: return "imageAtomicOr";
    case Opcode::ATOMXOR: return "imageAtomicXor";
    case Opcode::ATOMUMIN:
    case Opcode::ATOMIMIN: return "imageAtomicMin";
    case Opcode::ATOMUMAX:
    case Opcode::ATOMIMAX: return "imageAtomicMax";
    default: return nullptr;
  }
}

void declare_images(Context& ctx) {
  for (const tgsi::Declaration& d : ctx.shader.declarations) {
    if (d.file != RegisterFile::Image) continue;
    for (uint32_t n = d.first; n <= d.last && ctx.ok(); ++n) {
      if (n >= max_images(ctx.info.stage)) {
        ctx.fail(d.where, "IMAGE index over the per-stage maximum");
        return;
      }
      declare_image(ctx, d, n);
    }
  }
  std::sort(ctx.info.images.begin(), ctx.info.images.end(),
            [](const ImageInfo& a, const ImageInfo& b) { return a.slot < b.slot; });
}

namespace {

void emit_image_op(Context& ctx, const tgsi::Instruction& inst, const ImageUse& use) {
  const bool is_store = inst.opcode == Opcode::STORE;
  if (!use.target) {
    ctx.fail(inst.where, "the IMAGE's target cannot be accessed");
    return;
  }
  const bool formatless = find_image_format(use.declaration->image_format) == nullptr;
  if (formatless && !is_store) {
    ctx.fail(inst.where, "an image declared without a format can only be stored to");
    return;
  }
  if (inst.opcode == Opcode::RESQ) {
    const int n = size_components(*use.target);
    const std::string size = "imageSize(" + use.name + ")";
    ctx.line("vgpu_t = uvec4(0u);");
    ctx.line(n == 1 ? "vgpu_t.x = uint(" + size + ");"
                    : "vgpu_t." + std::string("xyzw").substr(0, static_cast<size_t>(n)) +
                          " = uvec" + std::to_string(n) + "(" + size + ");");
    store(ctx, inst.dst[0], "vgpu_t");
    return;
  }
  if (is_store) {
    const std::string value = fetch(ctx, inst.src[1], element_operand(use.element), 4);
    ctx.line("imageStore(" + use.name + ", " + coordinate(ctx, use, inst.src[0]) + ", " + value +
             ");");
    return;
  }
  const std::string coord = coordinate(ctx, use, inst.src[1]);
  if (inst.opcode == Opcode::LOAD) {
    ctx.line("vgpu_t = " + texel_to_bits(use.element, "imageLoad(" + use.name + ", " + coord + ")") +
             ";");
    store(ctx, inst.dst[0], "vgpu_t");
    return;
  }
  const char* fn = image_atomic_function(inst.opcode);
  const tgsi::OpcodeInfo* info = tgsi::opcode_info(inst.opcode);
  if (!fn || (use.element == 'F' && inst.opcode != Opcode::ATOMXCHG)) {
    ctx.fail(inst.where, std::string(info ? info->name : "opcode") + " on this IMAGE is not supported");
    return;
  }
  const OperandType type = element_operand(use.element);
  std::string args = fetch(ctx, inst.src[2], type, 4) + ".x";
  if (inst.opcode == Opcode::ATOMCAS) args += ", " + fetch(ctx, inst.src[3], type, 4) + ".x";
  const std::string result = std::string(fn) + "(" + use.name + ", " + coord + ", " + args + ")";
  ctx.line("vgpu_t = " + (use.element == 'F' ? "uvec4(floatBitsToUint(" + result + "))"
                                             : "uvec4(" + result + ")") +
           ";");
  store(ctx, inst.dst[0], "vgpu_t");
}

}  // namespace

void emit_image_access(Context& ctx, const tgsi::Instruction& inst) {
  const tgsi::RegisterRef& reg = inst.opcode == Opcode::STORE ? inst.dst[0].reg : inst.src[0].reg;
  if (!reg.indirect) {
    const ImageUse use = image_use(ctx, reg, static_cast<uint32_t>(std::max(reg.index, 0)));
    if (ctx.ok()) emit_image_op(ctx, inst, use);
    return;
  }
  // IMAGE[ADDR[0].x]: GLSL images of different types cannot be selected dynamically, so the
  // access is repeated for each declared image under a test of the (clamped) index.
  const std::string index = index_expr(ctx, reg);
  for (const ImageInfo& info : ctx.info.images) {
    const ImageUse use = image_use(ctx, reg, info.slot);
    ctx.line("if (" + index + " == " + std::to_string(info.slot) + ") {");
    ++ctx.indent;
    if (ctx.ok()) emit_image_op(ctx, inst, use);
    --ctx.indent;
    ctx.line("}");
  }
}

}  // namespace vgpu::shader
