#include "decoder/tgsi/lexer.h"

namespace vgpu::tgsi {

bool is_word_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

namespace {
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }
}  // namespace

void Lexer::advance() {
  if (text_[pos_] == '\n') {
    ++line_;
    line_start_ = pos_ + 1;
  }
  ++pos_;
}

SourcePosition Lexer::skip_blanks() {
  while (pos_ < text_.size() && is_blank(text_[pos_])) advance();
  return position();
}

char Lexer::skip_blanks_peek() {
  skip_blanks();
  return peek_here();
}

bool Lexer::accept(char c) {
  if (skip_blanks_peek() != c || pos_ >= text_.size()) return false;
  advance();
  return true;
}

bool Lexer::accept_here(char c) {
  if (pos_ >= text_.size() || text_[pos_] != c) return false;
  advance();
  return true;
}

std::string_view Lexer::word() {
  skip_blanks();
  const size_t start = pos_;
  while (pos_ < text_.size() && is_word_char(text_[pos_])) ++pos_;  // never a newline
  return text_.substr(start, pos_ - start);
}

std::string_view Lexer::literal() {
  skip_blanks();
  const size_t start = pos_;
  if (pos_ < text_.size() && (text_[pos_] == '-' || text_[pos_] == '+')) ++pos_;
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    const bool exponent_sign = (c == '-' || c == '+') && pos_ > start &&
                               (text_[pos_ - 1] == 'e' || text_[pos_ - 1] == 'E') &&
                               !(pos_ - start >= 2 && (text_[start + 1] == 'x' || text_[start + 1] == 'X'));
    if (!is_word_char(c) && c != '.' && !exponent_sign) break;
    ++pos_;
  }
  return text_.substr(start, pos_ - start);
}

}  // namespace vgpu::tgsi
