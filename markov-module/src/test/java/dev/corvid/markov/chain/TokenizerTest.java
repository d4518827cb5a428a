package dev.corvid.markov.chain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenizerTest {

    @Test
    void keepsDiscordTokensWhole() {
        assertThat(Tokenizer.words("hey <@123456789012345678> and <@&42> see <#99> <:blob:1234> <a:dance:5678>"))
                .containsExactly("hey", "<@123456789012345678>", "and", "<@&42>", "see", "<#99>", "<:blob:1234>",
                        "<a:dance:5678>");
    }

    @Test
    void keepsEmojiUrlsAndCodeSpansWhole() {
        assertThat(Tokenizer.words("look 👩‍💻 at https://example.com/a?b=c#d then `npm run build` ok"))
                .containsExactly("look", "👩‍💻", "at", "https://example.com/a?b=c#d", "then", "`npm run build`", "ok");
        assertThat(Tokenizer.words("```java\nint x = 1;\n``` done"))
                .containsExactly("```java\nint x = 1;\n```", "done");
    }

    @Test
    void unclosedBacktickIsAnOrdinaryCharacter() {
        assertThat(Tokenizer.words("it`s fine")).containsExactly("it`s", "fine");
    }

    @Test
    void normalisesWhitespaceButKeepsCaseAndPunctuation() {
        assertThat(Tokenizer.normalise("  Hello,\t\tWorld!\n\nHow's  it\u00A0going?  ")).isEqualTo(
                "Hello, World! How's it going?");
        assertThat(Tokenizer.words(" \n\t ")).isEmpty();
        assertThat(Tokenizer.isBlank(" \n\t\u00A0")).isTrue();
        assertThat(Tokenizer.isBlank(" `x` ")).isFalse();
    }

    @Test
    void massMentionsAreDefused() {
        assertThat(Mentions.defuse("hi @everyone and @here, mail a@b.c"))
                .isEqualTo("hi @\u200Beveryone and @\u200Bhere, mail a@b.c");
    }
}
