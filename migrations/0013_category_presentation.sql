-- How a category presents itself to citizens (issue 6 point 2): an icon from the portal's set, and for
-- emergencies a stop before reporting — the number to call and a notice — instead of a hard-coded list.
alter table categories
  add column icon text check (icon ~ '^[a-z][a-z0-9-]{0,39}$'),
  add column emergency_hotline text check (emergency_hotline ~ '^[0-9]{3,11}$'),
  add column emergency_notice_vi text check (length(emergency_notice_vi) between 1 and 1000),
  add column emergency_notice_en text check (length(emergency_notice_en) between 1 and 1000),
  add constraint categories_emergency_notice_pair check ((emergency_notice_vi is null) = (emergency_notice_en is null));
comment on column categories.icon is 'Name of the portal icon (CATEGORY_ICONS in src/modules/org/schemas.ts); null: the generic icon.';
comment on column categories.emergency_hotline is 'Number to call first (e.g. 114 fire and rescue); with it the portal stops the citizen before reporting.';
comment on column categories.emergency_notice_vi is 'The stop''s notice in Vietnamese; null: the portal''s standard text with the hotline.';
