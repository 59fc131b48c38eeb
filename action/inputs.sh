#!/usr/bin/env bash
# The action's inputs read as data, never as code: sourced by the other scripts. Each function
# returns 2 after an error annotation on stderr when an input cannot be taken.

# Splits the `args` input into words without evaluating it: whitespace separates words, '...'
# and "..." group them, and a backslash takes the next character as it is (inside double quotes
# only before `"`, `\`, `$` or a backquote, as in a shell). Nothing is expanded or run: `;`,
# `&&`, `|`, `$(...)` and backquotes are plain characters of a word. Sets the array `words`.

split_words() {
  local text=$1 word="" in_word=false quote="" char next i
  words=()
  for ((i = 0; i < ${#text}; i++)); do
    char=${text:i:1}
    if [ "$quote" = "'" ]; then
      if [ "$char" = "'" ]; then quote=""; else word+=$char; fi
    elif [ "$quote" = '"' ]; then
      next=${text:i+1:1}
      if [ "$char" = '"' ]; then
        quote=""
      elif [ "$char" = '\' ] && [ -n "$next" ] && [[ '"\$`' == *"$next"* ]]; then
        word+=$next
        i=$((i + 1))
      else
        word+=$char
      fi
    else
      case $char in
        ' ' | $'\t' | $'\n' | $'\r')
          if $in_word; then
            words+=("$word")
            word=""
            in_word=false
          fi
          ;;
        "'" | '"')
          quote=$char
          in_word=true
          ;;
        '\')
          if [ $((i + 1)) -lt ${#text} ]; then
            i=$((i + 1))
            word+=${text:i:1}
          fi
          in_word=true
          ;;
        *)
          word+=$char
          in_word=true
          ;;
      esac
    fi
  done
  if [ -n "$quote" ]; then
    echo "::error title=cargo-ready::the \`args\` input has a $quote quote that is never closed: close it, or write the character as \\$quote" >&2
    return 2
  fi
  if $in_word; then words+=("$word"); fi
  return 0
}

# Checks the `version` input: a version or a version requirement as `cargo install --version`
# takes it (`1.2.3`, `=1.2.3`, `^1.2`, `1.0.0-beta.1`), nothing that could end a line of
# GITHUB_OUTPUT or reach a command as an option.
check_version() {
  local version=$1
  if [ -z "$version" ]; then return 0; fi
  if ! [[ $version =~ ^[=^~]?[0-9][0-9A-Za-z.+*-]*$ ]]; then
    echo "::error title=cargo-ready::the \`version\` input \`$(printf %q "$version")\` is not a version of cargo-ready: write one such as \`0.1.0\`, or leave it empty to build the action's own source" >&2
    return 2
  fi
}
