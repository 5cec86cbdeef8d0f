// What a page shows when what it loads could not be loaded: the message, announced, and a way to try again.
export function LoadError({
  message,
  retry,
  onRetry,
}: {
  message: string;
  retry: string;
  onRetry: () => void;
}) {
  return (
    <div class="notice notice-error" role="alert">
      <p>{message}</p>
      <button type="button" class="button" onClick={onRetry}>
        {retry}
      </button>
    </div>
  );
}
