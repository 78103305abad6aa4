package io.calsync.orchestrator.merge;

import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;
import org.jsoup.safety.Safelist;

/**
 * Between a task's plain-text description and an event's description, which Google treats as HTML
 * (its own UI writes {@code <b>}, {@code <br>}, links, ...). Descriptions reach the CRM as safe
 * plain text: tags are dropped by jsoup's sanitiser (nothing survives {@link Safelist#none()}),
 * line breaks of {@code <br>} and block elements become new lines, and entities are decoded.
 * CalSync writes a task's text with {@code &}, {@code <} and {@code >} escaped, so that it reads
 * back as the same text and never as markup; text without them is written as it is.
 */
public final class EventDescriptions {

  private static final Pattern MARKUP =
      Pattern.compile("<\\s*/?\\s*[a-zA-Z!][^>]*>|&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);");

  private static final String BLOCKS = "p, div, li, tr, h1, h2, h3, h4, h5, h6, blockquote, pre";

  private EventDescriptions() {}

  /** The plain text of an event's description; text without markup is returned as it is. */
  public static String plainText(String description) {
    if (description == null || !MARKUP.matcher(description).find()) {
      return description;
    }
    Document.OutputSettings raw = new Document.OutputSettings().prettyPrint(false);
    Document document = Jsoup.parseBodyFragment(description);
    document.outputSettings(raw);
    document.select("br").after("\n");
    document.select(BLOCKS).before("\n");
    String text = Jsoup.clean(document.body().html(), "", Safelist.none(), raw);
    String plain = Parser.unescapeEntities(text, false).replace('\u00a0', ' ');
    // A leading block element adds a new line the author did not write.
    return plain.startsWith("\n") && !description.startsWith("\n") ? plain.substring(1) : plain;
  }

  /** A task's text as an event description that {@link #plainText} reads back unchanged. */
  public static String toGoogle(String text) {
    if (text == null || text.indexOf('&') < 0 && text.indexOf('<') < 0 && text.indexOf('>') < 0) {
      return text;
    }
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
