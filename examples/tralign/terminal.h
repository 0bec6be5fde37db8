// terminal.h: what the CLI asks of the terminal (is it one, how wide, colour wanted).
#ifndef TRALIGN_EXAMPLES_TERMINAL_H_
#define TRALIGN_EXAMPLES_TERMINAL_H_

namespace tralign::cli {

// True when file descriptor `fd` is a terminal.
bool is_terminal(int fd);

// The width in columns of the terminal on `fd` (ioctl TIOCGWINSZ), else $COLUMNS, else 120.
int terminal_width(int fd);

// --color auto: `fd` is a terminal and NO_COLOR is unset or empty (https://no-color.org).
bool auto_color(int fd);

}  // namespace tralign::cli

#endif  // TRALIGN_EXAMPLES_TERMINAL_H_
