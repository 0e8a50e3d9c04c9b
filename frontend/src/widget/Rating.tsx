// Rating a closed conversation 1 to 5, with an optional comment; rating again replaces it.
import { useState } from "preact/hooks";
import type { Conversation } from "./api";
import { useWidget } from "./context";

export function Rating({ conversation }: { conversation: Conversation }) {
  const { t, store } = useWidget();
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState("");
  const [saving, setSaving] = useState(false);
  if (conversation.rating != null) {
    return (
      <p class="hd-banner hd-rated" role="status">
        {t("rated", { n: conversation.rating })}
      </p>
    );
  }
  async function submit(event: Event) {
    event.preventDefault();
    if (rating === null) return;
    setSaving(true);
    try {
      await store.rate(conversation.id, rating, comment);
    } finally {
      setSaving(false);
    }
  }
  return (
    <form class="hd-rating" onSubmit={submit}>
      <fieldset>
        <legend>{t("rateTitle")}</legend>
        <div class="hd-stars">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} class={rating !== null && n <= rating ? "hd-star hd-star-on" : "hd-star"}>
              <input
                type="radio"
                name="rating"
                value={n}
                checked={rating === n}
                aria-label={t("rateStar", { n })}
                onChange={() => setRating(n)}
              />
              <span aria-hidden="true">★</span>
            </label>
          ))}
        </div>
        <textarea
          class="hd-input"
          rows={2}
          value={comment}
          aria-label={t("rateComment")}
          placeholder={t("rateComment")}
          onInput={(e) => setComment(e.currentTarget.value)}
        />
        <button type="submit" class="hd-primary" disabled={rating === null || saving}>
          {t("rateSend")}
        </button>
      </fieldset>
    </form>
  );
}
