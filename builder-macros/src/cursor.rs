//! A cursor over one level of token trees. The parser is hand-written on top
//! of it (rather than on syn's `ParseStream`) so that it can skip a broken
//! statement and carry on, and so that nothing it is given can make it panic.

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

pub type Result<T> = std::result::Result<T, syn::Error>;

/// The token trees of one group (or of the whole input), and a position.
pub struct Cursor {
    tokens: Vec<TokenTree>,
    pos: usize,
    /// Where "end of input" errors point: the closing delimiter.
    end: Span,
}

impl Cursor {
    pub fn new(stream: TokenStream, end: Span) -> Cursor {
        Cursor {
            tokens: stream.into_iter().collect(),
            pos: 0,
            end,
        }
    }

    /// A cursor over the inside of a group.
    pub fn of(group: &Group) -> Cursor {
        Cursor::new(group.stream(), group.span_close())
    }

    pub fn is_empty(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    pub fn peek(&self) -> Option<&TokenTree> {
        self.tokens.get(self.pos)
    }

    pub fn peek_nth(&self, n: usize) -> Option<&TokenTree> {
        self.tokens.get(self.pos + n)
    }

    /// The span of the next token, or of the end.
    pub fn span(&self) -> Span {
        self.peek().map_or(self.end, TokenTree::span)
    }

    /// The span of the last token consumed (or of the next, at the start).
    pub fn prev_span(&self) -> Span {
        match self.pos.checked_sub(1).and_then(|i| self.tokens.get(i)) {
            Some(token) => token.span(),
            None => self.span(),
        }
    }

    pub fn next(&mut self) -> Option<TokenTree> {
        let token = self.tokens.get(self.pos).cloned();
        if token.is_some() {
            self.pos += 1;
        }
        token
    }

    pub fn error(&self, message: impl std::fmt::Display) -> syn::Error {
        syn::Error::new(self.span(), message)
    }

    /// True when the next tokens are the punctuation `op` (one or two
    /// characters, the first joint to the second).
    pub fn peek_punct(&self, op: &str) -> bool {
        self.punct_at(0, op)
    }

    fn punct_at(&self, offset: usize, op: &str) -> bool {
        let mut chars = op.chars();
        let (Some(first), second) = (chars.next(), chars.next()) else {
            return false;
        };
        match (self.peek_nth(offset), second) {
            (Some(TokenTree::Punct(p)), None) => {
                p.as_char() == first
                    && !(p.spacing() == Spacing::Joint && self.joint_continues(offset, first))
            }
            (Some(TokenTree::Punct(p)), Some(second)) => {
                p.as_char() == first
                    && p.spacing() == Spacing::Joint
                    && matches!(self.peek_nth(offset + 1), Some(TokenTree::Punct(q)) if q.as_char() == second)
            }
            _ => false,
        }
    }

    /// Whether a joint punctuation at `offset` forms a longer operator that
    /// the grammar knows (`->`, `=>`, `==`, `!=`, `<=`, `>=`, `&&`, `||`), so
    /// that `<` does not match the start of `<=`.
    fn joint_continues(&self, offset: usize, first: char) -> bool {
        let Some(TokenTree::Punct(next)) = self.peek_nth(offset + 1) else {
            return false;
        };
        matches!(
            (first, next.as_char()),
            ('-', '>')
                | ('=', '>')
                | ('=', '=')
                | ('!', '=')
                | ('<', '=')
                | ('>', '=')
                | ('&', '&')
                | ('|', '|')
        )
    }

    /// Consumes the punctuation `op` when it is next; returns its first span.
    pub fn eat_punct(&mut self, op: &str) -> Option<Span> {
        if !self.peek_punct(op) {
            return None;
        }
        let span = self.span();
        self.pos += op.chars().count();
        Some(span)
    }

    pub fn expect_punct(&mut self, op: &str, context: &str) -> Result<Span> {
        self.eat_punct(op)
            .ok_or_else(|| self.error(format!("expected `{op}` {context}")))
    }

    pub fn peek_ident(&self) -> Option<&Ident> {
        match self.peek() {
            Some(TokenTree::Ident(i)) => Some(i),
            _ => None,
        }
    }

    /// True when the next token is the identifier `word`.
    pub fn peek_keyword(&self, word: &str) -> bool {
        self.peek_ident().is_some_and(|i| i == word)
    }

    pub fn eat_ident(&mut self) -> Option<Ident> {
        let ident = self.peek_ident()?.clone();
        self.pos += 1;
        Some(ident)
    }

    pub fn peek_group(&self, delimiter: Delimiter) -> Option<&Group> {
        match self.peek() {
            Some(TokenTree::Group(g)) if g.delimiter() == delimiter => Some(g),
            _ => None,
        }
    }

    pub fn eat_group(&mut self, delimiter: Delimiter) -> Option<Group> {
        let group = self.peek_group(delimiter)?.clone();
        self.pos += 1;
        Some(group)
    }

    pub fn peek_literal(&self) -> Option<&Literal> {
        match self.peek() {
            Some(TokenTree::Literal(l)) => Some(l),
            _ => None,
        }
    }

    pub fn peek_punct_char(&self) -> Option<&Punct> {
        match self.peek() {
            Some(TokenTree::Punct(p)) => Some(p),
            _ => None,
        }
    }

    /// Skips to just after the next `;` or `{ ... }` group at this level:
    /// where the next statement most likely starts.
    pub fn skip_statement(&mut self) {
        while let Some(token) = self.next() {
            match token {
                TokenTree::Punct(p) if p.as_char() == ';' => return,
                TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                    self.eat_punct(";");
                    return;
                }
                _ => {}
            }
        }
    }
}

/// An error over a range of tokens, from `start` to `end` (syn underlines
/// from the first token's start to the last one's end).
pub fn error_range(start: Span, end: Span, message: impl std::fmt::Display) -> syn::Error {
    let mut first = Punct::new('#', Spacing::Alone);
    first.set_span(start);
    let mut last = Punct::new('#', Spacing::Alone);
    last.set_span(end);
    let tokens: TokenStream = [TokenTree::Punct(first), TokenTree::Punct(last)]
        .into_iter()
        .collect();
    syn::Error::new_spanned(tokens, message)
}
